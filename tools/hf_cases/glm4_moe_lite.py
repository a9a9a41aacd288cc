"""GLM-4.7-Flash (glm4_moe_lite): defaults (the GLM-4.7-Flash layout, 29.9B), both heads, and every option the
template reads (mlp_layer_types, low-rank q or not, attention bias, tied embeddings, shared experts, the head_dim
alias of qk_rope_head_dim, a partial rotary factor in rope_parameters, the num_local_experts alias)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, moe_intermediate_size=16, num_hidden_layers=3,
            num_attention_heads=4, num_key_value_heads=4, n_routed_experts=8, n_shared_experts=1,
            num_experts_per_tok=2, kv_lora_rank=32, q_lora_rank=24, qk_rope_head_dim=8, qk_nope_head_dim=16,
            v_head_dim=12)

CASES = [
    dict(case_id="glm4_moe_lite-defaults", model_type="glm4_moe_lite", config={},
         architecture="Glm4MoeLiteForCausalLM",
         source="Glm4MoeLiteConfig() defaults: the zai-org/GLM-4.7-Flash layout (29.9B as listed)"),
    dict(case_id="glm4_moe_lite-tiny", model_type="glm4_moe_lite", architecture="Glm4MoeLiteForCausalLM",
         source="default schedule: layer 0 dense, layers 1-2 sparse", config=dict(TINY)),
    dict(case_id="glm4_moe_lite-tiny-layer-types", model_type="glm4_moe_lite", architecture="Glm4MoeLiteForCausalLM",
         source="mlp_layer_types sparse, dense, sparse, dense",
         config=dict(TINY, num_hidden_layers=4, mlp_layer_types=["sparse", "dense", "sparse", "dense"])),
    dict(case_id="glm4_moe_lite-tiny-options", model_type="glm4_moe_lite", architecture="Glm4MoeLiteForCausalLM",
         source="attention bias, tied embeddings, no low-rank q (q_lora_rank null), 2 shared experts, top-1 of 4",
         config=dict(TINY, attention_bias=True, tie_word_embeddings=True, q_lora_rank=None, n_shared_experts=2,
                     n_routed_experts=4, num_experts_per_tok=1)),
    dict(case_id="glm4_moe_lite-tiny-head-dim", model_type="glm4_moe_lite", architecture="Glm4MoeLiteForCausalLM",
         source="head_dim 12 (alias of qk_rope_head_dim: the attention grows too), partial_rotary_factor 0.5",
         config=dict(TINY, head_dim=12,
                     rope_parameters=dict(rope_type="default", rope_theta=10000.0, partial_rotary_factor=0.5))),
    dict(case_id="glm4_moe_lite-tiny-num-local-experts-alias", model_type="glm4_moe_lite",
         architecture="Glm4MoeLiteForCausalLM", source="`num_local_experts` (attribute_map alias of n_routed_experts)",
         config=dict({k: v for k, v in TINY.items() if k != "n_routed_experts"}, num_local_experts=6)),
    dict(case_id="glm4_moe_lite-tiny-model", model_type="glm4_moe_lite", architecture="Glm4MoeLiteModel",
         source="base model", config=dict(TINY)),
]
