"""Granite: defaults, granite-3.0-2b/8b-instruct as published (tied, GQA), every head, every option."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4)
GRANITE_3 = dict(attention_bias=False, attention_dropout=0.1, bos_token_id=0, embedding_multiplier=12.0,
                 eos_token_id=0, hidden_act="silu", initializer_range=0.02, max_position_embeddings=4096,
                 mlp_bias=False, pad_token_id=0, residual_multiplier=0.22, rms_norm_eps=1e-05, rope_scaling=None,
                 rope_theta=10000.0, tie_word_embeddings=True, torch_dtype="bfloat16", use_cache=True,
                 vocab_size=49155)

CASES = [
    dict(case_id="granite-defaults", model_type="granite", config={}, architecture="GraniteForCausalLM",
         source="GraniteConfig() defaults", expected_params=6738415616),
    dict(case_id="granite-3.0-2b", model_type="granite", architecture="GraniteForCausalLM",
         source="ibm-granite/granite-3.0-2b-instruct config.json", expected_params=2533531648,
         config=dict(GRANITE_3, attention_multiplier=0.015625, hidden_size=2048, intermediate_size=8192,
                     logits_scaling=8.0, num_attention_heads=32, num_hidden_layers=40, num_key_value_heads=8)),
    dict(case_id="granite-3.0-8b", model_type="granite", architecture="GraniteForCausalLM",
         source="ibm-granite/granite-3.0-8b-instruct config.json", expected_params=8170848256,
         config=dict(GRANITE_3, attention_multiplier=0.0078125, hidden_size=4096, intermediate_size=12800,
                     logits_scaling=16.0, num_attention_heads=32, num_hidden_layers=40, num_key_value_heads=8)),
    dict(case_id="granite-tiny-options", model_type="granite", architecture="GraniteForCausalLM",
         source="every option flipped: attention and MLP biases, tied embeddings, GQA, head_dim 24",
         config=dict(TINY, num_key_value_heads=2, head_dim=24, attention_bias=True, mlp_bias=True,
                     tie_word_embeddings=True)),
    dict(case_id="granite-tiny-mqa", model_type="granite", architecture="GraniteForCausalLM",
         source="MQA", config=dict(TINY, num_key_value_heads=1)),
    dict(case_id="granite-tiny-kv-null", model_type="granite", architecture="GraniteForCausalLM",
         source="num_key_value_heads null -> num_attention_heads", config=dict(TINY, num_key_value_heads=None)),
    dict(case_id="granite-tiny-model", model_type="granite", architecture="GraniteModel", source="base model",
         config=dict(TINY, mlp_bias=True)),
]
