"""ERNIE 4.5 (dense): defaults, ERNIE-4.5-0.3B as published, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16)

CASES = [
    dict(case_id="ernie4_5-defaults", model_type="ernie4_5", config={}, architecture="Ernie4_5ForCausalLM",
         source="Ernie4_5Config() defaults"),
    dict(case_id="ernie4_5-0.3b", model_type="ernie4_5", architecture="Ernie4_5ForCausalLM",
         source="baidu/ERNIE-4.5-0.3B-PT config.json (without auto_map)",
         config=dict(bos_token_id=1, eos_token_id=2, hidden_act="silu", hidden_size=1024, intermediate_size=3072,
                     max_position_embeddings=131072, num_attention_heads=16, num_key_value_heads=2, head_dim=128,
                     num_hidden_layers=18, pad_token_id=0, rms_norm_eps=1e-05, use_cache=False, vocab_size=103424,
                     rope_theta=500000, use_bias=False, tie_word_embeddings=True, torch_dtype="bfloat16")),
    dict(case_id="ernie4_5-tiny", model_type="ernie4_5", architecture="Ernie4_5ForCausalLM", source="tiny",
         config=dict(TINY)),
    dict(case_id="ernie4_5-tiny-options", model_type="ernie4_5", architecture="Ernie4_5ForCausalLM",
         source="every option flipped: biases everywhere, untied lm_head, MQA, head_dim 24",
         config=dict(TINY, use_bias=True, tie_word_embeddings=False, num_key_value_heads=1, head_dim=24)),
    dict(case_id="ernie4_5-tiny-nulls", model_type="ernie4_5", architecture="Ernie4_5ForCausalLM",
         source="head_dim and num_key_value_heads null: hidden_size // heads (64 // 4 = 16) and MHA",
         config=dict(TINY, head_dim=None, num_key_value_heads=None)),
    dict(case_id="ernie4_5-tiny-no-head-dim", model_type="ernie4_5", architecture="Ernie4_5ForCausalLM",
         source="head_dim absent: its default 128, not hidden_size // heads",
         config={k: v for k, v in TINY.items() if k != "head_dim"}),
    dict(case_id="ernie4_5-tiny-model", model_type="ernie4_5", architecture="Ernie4_5Model",
         source="base model", config=dict(TINY, use_bias=True)),
]
