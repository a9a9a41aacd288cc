"""DeepSeek-V3.2: defaults (the DeepSeek-V3.2 layout), both heads, and every option the template reads (first dense
layers or mlp_layer_types, indexer heads and width, attention bias, tied embeddings, shared experts, a head_dim the
config overrides, the num_local_experts / num_experts aliases)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, moe_intermediate_size=16, num_hidden_layers=3,
            num_attention_heads=4, num_key_value_heads=4, n_routed_experts=8, n_shared_experts=1,
            num_experts_per_tok=2, first_k_dense_replace=1, kv_lora_rank=32, q_lora_rank=24, qk_rope_head_dim=8,
            qk_nope_head_dim=16, v_head_dim=12, index_n_heads=2, index_head_dim=16, n_group=2, topk_group=1)

CASES = [
    dict(case_id="deepseek_v32-defaults", model_type="deepseek_v32", config={},
         architecture="DeepseekV32ForCausalLM", source="DeepseekV32Config() defaults (the DeepSeek-V3.2 layout)"),
    dict(case_id="deepseek_v32-tiny", model_type="deepseek_v32", architecture="DeepseekV32ForCausalLM",
         source="one dense layer, two MoE layers", config=dict(TINY)),
    dict(case_id="deepseek_v32-tiny-options", model_type="deepseek_v32", architecture="DeepseekV32ForCausalLM",
         source="attention bias, tied embeddings, no dense layer, 2 shared experts, top-1 of 4, 3 indexer heads of 8,"
                " head_dim 20 (overridden by qk_rope_head_dim)",
         config=dict(TINY, attention_bias=True, tie_word_embeddings=True, first_k_dense_replace=0, n_shared_experts=2,
                     n_routed_experts=4, num_experts_per_tok=1, index_n_heads=3, index_head_dim=8, head_dim=20)),
    dict(case_id="deepseek_v32-tiny-layer-types", model_type="deepseek_v32", architecture="DeepseekV32ForCausalLM",
         source="mlp_layer_types sparse, dense, dense, sparse (first_k_dense_replace not read)",
         config=dict(TINY, num_hidden_layers=4, mlp_layer_types=["sparse", "dense", "dense", "sparse"])),
    dict(case_id="deepseek_v32-tiny-all-dense", model_type="deepseek_v32", architecture="DeepseekV32ForCausalLM",
         source="first_k_dense_replace 5 > 3 layers: every layer dense", config=dict(TINY, first_k_dense_replace=5)),
    dict(case_id="deepseek_v32-tiny-num-experts", model_type="deepseek_v32", architecture="DeepseekV32ForCausalLM",
         source="`num_experts` (a BC key) re-routed to n_routed_experts",
         config=dict(TINY, num_experts=6)),
    dict(case_id="deepseek_v32-tiny-num-local-experts-alias", model_type="deepseek_v32",
         architecture="DeepseekV32ForCausalLM",
         source="`num_local_experts` (attribute_map alias) wins over num_experts and n_routed_experts",
         config=dict(TINY, num_local_experts=5, num_experts=6)),
    dict(case_id="deepseek_v32-tiny-model", model_type="deepseek_v32", architecture="DeepseekV32Model",
         source="base model", config=dict(TINY)),
]
