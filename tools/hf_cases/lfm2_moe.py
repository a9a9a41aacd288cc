"""LFM2-MoE: the defaults with layer_types, LFM2-8B-A1B's layout, both heads, and every option the template
reads (dense layers, experts, expert bias, layer_types, conv options, ties)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, moe_intermediate_size=32, num_hidden_layers=4,
            num_attention_heads=4, num_key_value_heads=2, num_experts=4, num_experts_per_tok=2, num_dense_layers=1,
            layer_types=["conv", "full_attention", "conv", "full_attention"])

CASES = [
    dict(case_id="lfm2_moe-defaults", model_type="lfm2_moe", architecture="Lfm2MoeForCausalLM",
         source="Lfm2MoeConfig() defaults with layer_types (transformers 5.24 cannot build the defaults: layer_types"
                " null is indexed); every third layer attends",
         config=dict(layer_types=["full_attention" if i % 3 == 2 else "conv" for i in range(32)])),
    dict(case_id="lfm2_moe-8b-a1b", model_type="lfm2_moe", architecture="Lfm2MoeForCausalLM",
         source="LiquidAI/LFM2-8B-A1B layout (from memory: 24 layers, attention at 2, 6, 10, 14, 18, 21, 32 experts"
                " of 1792, top 4, 2 dense layers of 7168; the model card's 8.3B total, 1.5B active)",
         config=dict(vocab_size=65536, hidden_size=2048, intermediate_size=7168, moe_intermediate_size=1792,
                     num_hidden_layers=24, num_attention_heads=32, num_key_value_heads=8, num_experts=32,
                     num_experts_per_tok=4, num_dense_layers=2, use_expert_bias=True, norm_topk_prob=True,
                     routed_scaling_factor=1.0, conv_bias=False, conv_L_cache=3, norm_eps=1e-05,
                     max_position_embeddings=128000, tie_embedding=True, rope_theta=1000000.0,
                     layer_types=["full_attention" if i in (2, 6, 10, 14, 18, 21) else "conv" for i in range(24)])),
    dict(case_id="lfm2_moe-tiny", model_type="lfm2_moe", architecture="Lfm2MoeForCausalLM",
         source="tiny, layers 1 and 3 attend, layer 0 dense", config=dict(TINY)),
    dict(case_id="lfm2_moe-tiny-options", model_type="lfm2_moe", architecture="Lfm2MoeForCausalLM",
         source="every option flipped: untied, no expert bias, conv biases, kernel 2, 3 dense layers, 1 expert"
                " active of 3, MQA, head_dim 8",
         config=dict(TINY, tie_word_embeddings=False, use_expert_bias=False, conv_bias=True, conv_L_cache=2,
                     num_dense_layers=3, num_experts=3, num_experts_per_tok=1, num_key_value_heads=1, head_dim=8,
                     layer_types=["full_attention", "conv", "conv", "full_attention"])),
    dict(case_id="lfm2_moe-tiny-all-sparse", model_type="lfm2_moe", architecture="Lfm2MoeForCausalLM",
         source="num_dense_layers 0: every layer sparse", config=dict(TINY, num_dense_layers=0)),
    dict(case_id="lfm2_moe-tiny-model", model_type="lfm2_moe", architecture="Lfm2MoeModel", source="base model",
         config=dict(TINY)),
]
