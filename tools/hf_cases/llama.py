"""Llama: defaults, Llama-2-7B and Llama-3-8B as published, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4)

CASES = [
    dict(case_id="llama-defaults", model_type="llama", config={}, architecture="LlamaForCausalLM",
         source="LlamaConfig() defaults", expected_params=6738415616),
    dict(case_id="llama-2-7b", model_type="llama", architecture="LlamaForCausalLM",
         source="meta-llama/Llama-2-7b-hf config.json", expected_params=6738415616,
         config=dict(vocab_size=32000, hidden_size=4096, intermediate_size=11008, num_hidden_layers=32,
                     num_attention_heads=32, num_key_value_heads=32, max_position_embeddings=4096,
                     rms_norm_eps=1e-05, hidden_act="silu", tie_word_embeddings=False, bos_token_id=1,
                     eos_token_id=2, rope_theta=10000.0, torch_dtype="float16", initializer_range=0.02)),
    dict(case_id="llama-3-8b", model_type="llama", architecture="LlamaForCausalLM",
         source="meta-llama/Meta-Llama-3-8B config.json", expected_params=8030261248,
         config=dict(vocab_size=128256, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                     num_attention_heads=32, num_key_value_heads=8, max_position_embeddings=8192,
                     rope_theta=500000.0, tie_word_embeddings=False)),
    dict(case_id="llama-tiny-options", model_type="llama", architecture="LlamaForCausalLM",
         source="every option flipped", config=dict(TINY, num_key_value_heads=2, head_dim=24, attention_bias=True,
                                                     mlp_bias=True, tie_word_embeddings=True)),
    dict(case_id="llama-tiny-mqa", model_type="llama", architecture="LlamaForCausalLM",
         source="MQA", config=dict(TINY, num_key_value_heads=1)),
    dict(case_id="llama-tiny-model", model_type="llama", architecture="LlamaModel", source="base model",
         config=dict(TINY)),
    dict(case_id="llama-tiny-seqcls", model_type="llama", architecture="LlamaForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="llama-tiny-tokcls", model_type="llama", architecture="LlamaForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
]
