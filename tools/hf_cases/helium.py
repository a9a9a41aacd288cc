"""Helium: defaults, helium-1-preview-2b as published, every head, and the options the template reads
(q/k/v and MLP biases, GQA, a head_dim whose heads do not span hidden_size, tied embeddings)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=4, head_dim=16)

CASES = [
    dict(case_id="helium-defaults", model_type="helium", config={}, architecture="HeliumForCausalLM",
         source="HeliumConfig() defaults"),
    dict(case_id="helium-1-preview-2b", model_type="helium", architecture="HeliumForCausalLM",
         source="kyutai/helium-1-preview-2b config.json",
         config=dict(attention_bias=False, attention_dropout=0.0, bos_token_id=1, eos_token_id=2, head_dim=128,
                     hidden_act="silu", hidden_size=2560, initializer_range=0.02, intermediate_size=7040,
                     max_position_embeddings=4096, mlp_bias=False, num_attention_heads=20, num_hidden_layers=24,
                     num_key_value_heads=20, pretraining_tp=1, rms_norm_eps=1e-08, rope_theta=100000.0,
                     tie_word_embeddings=False, torch_dtype="bfloat16", use_cache=True, vocab_size=48000)),
    dict(case_id="helium-tiny-options", model_type="helium", architecture="HeliumForCausalLM",
         source="attention and MLP biases (o_proj keeps none), tied embeddings, GQA",
         config=dict(TINY, attention_bias=True, mlp_bias=True, tie_word_embeddings=True, num_key_value_heads=2)),
    dict(case_id="helium-tiny-wide-heads", model_type="helium", architecture="HeliumForCausalLM",
         source="head_dim 24 x 4 heads = 96 != hidden_size 64: o_proj stays [64, 64], MQA",
         config=dict(TINY, head_dim=24, num_key_value_heads=1, num_hidden_layers=3)),
    dict(case_id="helium-tiny-model", model_type="helium", architecture="HeliumModel",
         source="base model", config=dict(TINY)),
    dict(case_id="helium-tiny-seqcls", model_type="helium", architecture="HeliumForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="helium-tiny-tokcls", model_type="helium", architecture="HeliumForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="helium-tiny-tokcls-nobias", model_type="helium", architecture="HeliumForTokenClassification",
         source="token classification without score bias",
         config=dict(TINY, num_labels=4, token_classification_bias=False)),
]
