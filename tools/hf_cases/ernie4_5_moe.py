"""ERNIE 4.5 MoE: defaults, ERNIE-4.5-21B-A3B and a 300B-A47B layout, both heads, and every option the template
reads (the MoE layer schedule: start, end, interval; shared experts or none; use_bias everywhere, lm_head
included; untied; a head_dim written in config.json; the num_experts / num_experts_per_tok aliases)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, moe_intermediate_size=16, num_hidden_layers=3,
            num_attention_heads=4, num_key_value_heads=2, moe_num_experts=8, moe_k=2, moe_num_shared_experts=1)

CASES = [
    dict(case_id="ernie4_5_moe-defaults", model_type="ernie4_5_moe", config={},
         architecture="Ernie4_5_MoeForCausalLM", source="Ernie4_5_MoeConfig() defaults"),
    dict(case_id="ernie4_5_moe-21b-a3b", model_type="ernie4_5_moe", architecture="Ernie4_5_MoeForCausalLM",
         source="baidu/ERNIE-4.5-21B-A3B-PT config.json (its architecture keys)",
         config=dict(bos_token_id=1, eos_token_id=2, hidden_act="silu", hidden_size=2560, intermediate_size=12288,
                     max_position_embeddings=131072, num_attention_heads=20, num_key_value_heads=4, head_dim=128,
                     num_hidden_layers=28, pad_token_id=0, rms_norm_eps=1e-05, use_cache=False, vocab_size=103424,
                     rope_theta=500000, use_bias=False, tie_word_embeddings=True, moe_num_experts=64,
                     moe_num_shared_experts=2, moe_layer_start_index=1, moe_layer_end_index=27,
                     moe_intermediate_size=1536, moe_k=6, moe_layer_interval=1, torch_dtype="bfloat16")),
    dict(case_id="ernie4_5_moe-300b-a47b", model_type="ernie4_5_moe", architecture="Ernie4_5_MoeForCausalLM",
         source="the ERNIE-4.5-300B-A47B layout (3 dense layers, 64 experts top-8, no shared expert, untied)",
         config=dict(hidden_size=8192, intermediate_size=28672, num_hidden_layers=54, num_attention_heads=64,
                     num_key_value_heads=8, vocab_size=103424, tie_word_embeddings=False, moe_num_experts=64,
                     moe_num_shared_experts=0, moe_layer_start_index=3, moe_layer_end_index=53,
                     moe_intermediate_size=3584, moe_k=8, moe_layer_interval=1)),
    dict(case_id="ernie4_5_moe-tiny", model_type="ernie4_5_moe", architecture="Ernie4_5_MoeForCausalLM",
         source="layer 0 dense, layers 1-2 sparse", config=dict(TINY)),
    dict(case_id="ernie4_5_moe-tiny-options", model_type="ernie4_5_moe", architecture="Ernie4_5_MoeForCausalLM",
         source="use_bias (attention, MLPs, shared experts, lm_head), untied, every layer sparse (start 0),"
                " 2 shared experts, MQA, head_dim 24",
         config=dict(TINY, use_bias=True, tie_word_embeddings=False, moe_layer_start_index=0, moe_num_shared_experts=2,
                     num_key_value_heads=1, head_dim=24)),
    dict(case_id="ernie4_5_moe-tiny-tied-bias", model_type="ernie4_5_moe", architecture="Ernie4_5_MoeForCausalLM",
         source="use_bias with tied embeddings: lm_head.weight tied, lm_head.bias its own",
         config=dict(TINY, use_bias=True)),
    dict(case_id="ernie4_5_moe-tiny-schedule", model_type="ernie4_5_moe", architecture="Ernie4_5_MoeForCausalLM",
         source="interval 2, start 1, end 5 of 8 layers: layers 1, 3, 5 sparse; no shared experts",
         config=dict(TINY, num_hidden_layers=8, moe_layer_interval=2, moe_layer_start_index=1, moe_layer_end_index=5,
                     moe_num_shared_experts=0)),
    dict(case_id="ernie4_5_moe-tiny-all-dense", model_type="ernie4_5_moe", architecture="Ernie4_5_MoeForCausalLM",
         source="start index 4 past the last of 3 layers: every layer dense",
         config=dict(TINY, moe_layer_start_index=4)),
    dict(case_id="ernie4_5_moe-tiny-aliases", model_type="ernie4_5_moe", architecture="Ernie4_5_MoeForCausalLM",
         source="num_experts and num_experts_per_tok (attribute_map aliases of moe_num_experts and moe_k)",
         config=dict({k: v for k, v in TINY.items() if k not in ("moe_num_experts", "moe_k")}, num_experts=6,
                     num_experts_per_tok=3)),
    dict(case_id="ernie4_5_moe-tiny-model", model_type="ernie4_5_moe", architecture="Ernie4_5_MoeModel",
         source="base model", config=dict(TINY)),
]
