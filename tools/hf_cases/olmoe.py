"""OLMoE: defaults, OLMoE-1B-7B-0924 as published, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=32, num_hidden_layers=2, num_attention_heads=4,
            num_experts=4, num_experts_per_tok=2, pad_token_id=1, eos_token_id=2)

CASES = [
    dict(case_id="olmoe-defaults", model_type="olmoe", config={}, architecture="OlmoeForCausalLM",
         source="OlmoeConfig() defaults"),
    dict(case_id="olmoe-1b-7b-0924", model_type="olmoe", architecture="OlmoeForCausalLM",
         source="allenai/OLMoE-1B-7B-0924 config.json", expected_params=6919161856,
         config=dict(attention_bias=False, attention_dropout=0.0, clip_qkv=None, eos_token_id=50279,
                     hidden_act="silu", hidden_size=2048, initializer_range=0.02, intermediate_size=1024,
                     max_position_embeddings=4096, norm_topk_prob=False, num_attention_heads=16, num_experts=64,
                     num_experts_per_tok=8, num_hidden_layers=16, num_key_value_heads=16,
                     output_router_logits=False, pad_token_id=1, rms_norm_eps=1e-05, rope_scaling=None,
                     rope_theta=10000.0, router_aux_loss_coef=0.01, tie_word_embeddings=False,
                     torch_dtype="bfloat16", use_cache=True, vocab_size=50304)),
    dict(case_id="olmoe-tiny-options", model_type="olmoe", architecture="OlmoeForCausalLM",
         source="every option flipped: attention biases, tied embeddings, GQA, top-1 of 3 experts",
         config=dict(TINY, num_key_value_heads=2, attention_bias=True, tie_word_embeddings=True, num_experts=3,
                     num_experts_per_tok=1)),
    dict(case_id="olmoe-tiny-head-dim", model_type="olmoe", architecture="OlmoeForCausalLM",
         source="head_dim 24 (not hidden_size / heads): q_norm stays hidden_size, k_norm (hidden // heads) * kv",
         config=dict(TINY, num_key_value_heads=2, head_dim=24)),
    dict(case_id="olmoe-tiny-mqa", model_type="olmoe", architecture="OlmoeForCausalLM",
         source="MQA", config=dict(TINY, num_key_value_heads=1)),
    dict(case_id="olmoe-tiny-kv-null", model_type="olmoe", architecture="OlmoeForCausalLM",
         source="num_key_value_heads null -> num_attention_heads", config=dict(TINY, num_key_value_heads=None)),
    dict(case_id="olmoe-tiny-local-experts", model_type="olmoe", architecture="OlmoeForCausalLM",
         source="num_local_experts (the attribute_map alias) instead of num_experts",
         config={**{k: v for k, v in TINY.items() if k != "num_experts"}, "num_local_experts": 5}),
    dict(case_id="olmoe-tiny-model", model_type="olmoe", architecture="OlmoeModel", source="base model",
         config=dict(TINY)),
]
