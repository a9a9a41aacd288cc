"""LongCat-Flash: defaults, LongCat-Flash-Chat as published, both heads, and every option the
template reads (num_hidden_layers over num_layers, qk_head_dim, zero experts, no routed experts,
router and attention biases, the attribute_map aliases, tying)."""

TINY = dict(vocab_size=128, hidden_size=64, num_layers=2, num_attention_heads=4, ffn_hidden_size=96,
            expert_ffn_hidden_size=32, n_routed_experts=4, zero_expert_num=2, moe_topk=2, q_lora_rank=24,
            kv_lora_rank=16, qk_nope_head_dim=12, qk_rope_head_dim=8, head_dim=8, v_head_dim=16)

CASES = [
    dict(case_id="longcat_flash-defaults", model_type="longcat_flash", config={},
         architecture="LongcatFlashForCausalLM", source="LongcatFlashConfig() defaults"),
    dict(case_id="longcat_flash-chat", model_type="longcat_flash", architecture="LongcatFlashForCausalLM",
         source="meituan-longcat/LongCat-Flash-Chat config.json (its model-specific keys)",
         config=dict(vocab_size=131072, hidden_size=6144, ffn_hidden_size=12288, expert_ffn_hidden_size=2048,
                     num_layers=28, num_attention_heads=64, kv_lora_rank=512, q_lora_rank=1536,
                     qk_rope_head_dim=64, qk_nope_head_dim=128, v_head_dim=128, n_routed_experts=512,
                     zero_expert_num=256, zero_expert_type="identity", moe_topk=12, routed_scaling_factor=6.0,
                     rope_theta=10000000.0, max_position_embeddings=131072, rms_norm_eps=1e-05, bos_token_id=1,
                     eos_token_id=2, pad_token_id=3, mla_scale_q_lora=True, mla_scale_kv_lora=True,
                     router_bias=False, tie_word_embeddings=False)),
    dict(case_id="longcat_flash-tiny", model_type="longcat_flash", architecture="LongcatFlashForCausalLM",
         source="tiny", config=dict(TINY)),
    dict(case_id="longcat_flash-tiny-options", model_type="longcat_flash", architecture="LongcatFlashForCausalLM",
         source="every option flipped: num_hidden_layers 7 (3 layers), router bias, attention bias, tied, no "
                "zero experts, the alias names (they win over the fields)",
         config=dict(TINY, num_hidden_layers=7, router_bias=True, attention_bias=True,
                     tie_word_embeddings=True, zero_expert_num=0, intermediate_size=80, moe_intermediate_size=40,
                     num_local_experts=3, num_experts_per_tok=3)),
    dict(case_id="longcat_flash-tiny-zero-only", model_type="longcat_flash", architecture="LongcatFlashForCausalLM",
         source="no routed experts, only zero-computation ones (the experts hold no tensor)",
         config=dict(TINY, n_routed_experts=0, zero_expert_num=3)),
    dict(case_id="longcat_flash-tiny-model", model_type="longcat_flash", architecture="LongcatFlashModel",
         source="base model, qk_head_dim 24 (q_b_proj only) and a rotary head_dim 12 (transformers cannot run "
                "either)", config=dict(TINY, qk_head_dim=24, head_dim=12)),
]
