"""Kimi Linear: defaults, Kimi-Linear-48B-A3B as published (linear_attn_config and the config's
own alias names), both heads, and every option the template reads (layer_types, mlp_layer_types,
first_k_dense_replace, low-rank queries, attention bias, the field names of the aliases, tying)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, moe_intermediate_size=32, num_hidden_layers=6,
            num_attention_heads=4, num_key_value_heads=4, kv_lora_rank=16, qk_rope_head_dim=8,
            qk_nope_head_dim=12, v_head_dim=16, num_local_experts=4, num_experts_per_tok=2, linear_head_dim=8,
            linear_num_heads=4, linear_conv_kernel_dim=3, pad_token_id=0, bos_token_id=1, eos_token_id=2)

CASES = [
    dict(case_id="kimi_linear-defaults", model_type="kimi_linear", config={}, architecture="KimiLinearForCausalLM",
         source="KimiLinearConfig() defaults"),
    dict(case_id="kimi_linear-48b-a3b", model_type="kimi_linear", architecture="KimiLinearForCausalLM",
         source="moonshotai/Kimi-Linear-48B-A3B-Instruct config.json",
         config=dict(vocab_size=163840, hidden_size=2304, num_hidden_layers=27, num_attention_heads=32,
                     num_key_value_heads=32, intermediate_size=9216, head_dim=72, model_max_length=1048576,
                     rms_norm_eps=1e-05, rope_theta=10000.0,
                     linear_attn_config={"kda_layers": [1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15, 17, 18, 19, 21, 22,
                                                        23, 25, 26],
                                         "full_attn_layers": [4, 8, 12, 16, 20, 24, 27], "num_heads": 32,
                                         "head_dim": 128, "short_conv_kernel_size": 4},
                     num_experts=256, moe_intermediate_size=1024, kv_lora_rank=512, q_lora_rank=None,
                     qk_nope_head_dim=128, qk_rope_head_dim=64, v_head_dim=128, mla_use_nope=True,
                     num_experts_per_token=8, num_shared_experts=1, moe_router_activation_func="sigmoid",
                     moe_renormalize=True, routed_scaling_factor=2.446, first_k_dense_replace=1, moe_layer_freq=1,
                     use_grouped_topk=True, num_expert_group=1, topk_group=1, tie_word_embeddings=False,
                     bos_token_id=163584, eos_token_id=163586, pad_token_id=163839)),
    dict(case_id="kimi_linear-tiny", model_type="kimi_linear", architecture="KimiLinearForCausalLM",
         source="tiny, default schedules (layer 4 full attention, layer 0 dense)", config=dict(TINY)),
    dict(case_id="kimi_linear-tiny-options", model_type="kimi_linear", architecture="KimiLinearForCausalLM",
         source="every option flipped: layer_types and mlp_layer_types listed, low-rank queries, attention bias, "
                "tied, 2 shared experts, alias names win over field names",
         config=dict(TINY, num_hidden_layers=4, q_lora_rank=24, attention_bias=True, tie_word_embeddings=True,
                     layer_types=["full_attention", "linear_attention", "full_attention", "linear_attention"],
                     mlp_layer_types=["sparse", "dense", "sparse", "sparse"], n_shared_experts=1,
                     num_shared_experts=2, num_experts=3, num_local_experts=5, num_experts_per_token=1)),
    dict(case_id="kimi_linear-tiny-lists", model_type="kimi_linear", architecture="KimiLinearForCausalLM",
         source="linear_attn_config lists (layer 0 = the last layer; one layer in both lists is KDA) over "
                "top-level linear keys, first_k_dense_replace 2",
         config=dict(TINY, first_k_dense_replace=2, linear_head_dim=16, linear_num_heads=8,
                     linear_attn_config={"full_attn_layers": [1, 3, 0, 5], "kda_layers": [2, 5, 4], "num_heads": 2,
                                         "head_dim": 12, "short_conv_kernel_size": 2})),
    dict(case_id="kimi_linear-tiny-all-kda", model_type="kimi_linear", architecture="KimiLinearForCausalLM",
         source="every layer KDA and dense (no per-token KV cache; transformers 5.24 cannot run it: its cache "
                "asks an attention layer for the sequence length)",
         config=dict(TINY, num_hidden_layers=2, layer_types=["linear_attention"] * 2, mlp_layer_types=["dense"] * 2)),
    dict(case_id="kimi_linear-tiny-model", model_type="kimi_linear", architecture="KimiLinearModel",
         source="base model", config=dict(TINY)),
]
