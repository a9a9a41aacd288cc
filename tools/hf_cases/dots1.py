"""dots.llm1: defaults (with dots.llm1's expert counts: Dots1Config() leaves them null, which transformers cannot
build), dots.llm1.base as published, both heads, and every option the template reads (first dense layers,
shared experts, attention biases on all four projections, tied embeddings, sliding layers by max_window_layers
or by a config's layer_types, a head_dim written in config.json, the num_local_experts alias)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, moe_intermediate_size=16, num_hidden_layers=3,
            num_attention_heads=4, num_key_value_heads=2, n_routed_experts=8, n_shared_experts=1,
            num_experts_per_tok=2, first_k_dense_replace=1)

CASES = [
    dict(case_id="dots1-defaults", model_type="dots1", architecture="Dots1ForCausalLM",
         config=dict(n_routed_experts=128, n_shared_experts=2, num_experts_per_tok=6),
         source="Dots1Config() defaults with dots.llm1's expert counts (128 routed, 2 shared, top-6): the default"
                " nulls cannot be built"),
    dict(case_id="dots1-llm1-base", model_type="dots1", architecture="Dots1ForCausalLM",
         source="rednote-hilab/dots.llm1.base config.json (142B total, 14B active as published)",
         config=dict(attention_bias=False, attention_dropout=0.0, bos_token_id=None, eos_token_id=151643,
                     first_k_dense_replace=1, hidden_act="silu", hidden_size=4096, initializer_range=0.02,
                     intermediate_size=10944, max_position_embeddings=32768, moe_intermediate_size=1408,
                     moe_layer_freq=1, n_routed_experts=128, n_shared_experts=2, norm_topk_prob=True,
                     num_attention_heads=32, num_experts_per_tok=6, num_hidden_layers=62, num_key_value_heads=32,
                     pretraining_tp=1, rms_norm_eps=1e-05, rope_scaling=None, rope_theta=10000000,
                     routed_scaling_factor=2.5, sliding_window=None, scoring_func="noaux_tc",
                     tie_word_embeddings=False, torch_dtype="bfloat16", use_cache=True, use_sliding_window=False,
                     vocab_size=152064)),
    dict(case_id="dots1-tiny", model_type="dots1", architecture="Dots1ForCausalLM",
         source="one dense layer, two MoE layers", config=dict(TINY)),
    dict(case_id="dots1-tiny-options", model_type="dots1", architecture="Dots1ForCausalLM",
         source="attention biases (q/k/v/o), tied embeddings, MQA, no dense layer, 2 shared experts, top-1 of 4,"
                " head_dim 24 from config.json",
         config=dict(TINY, attention_bias=True, tie_word_embeddings=True, num_key_value_heads=1,
                     first_k_dense_replace=0, n_shared_experts=2, n_routed_experts=4, num_experts_per_tok=1,
                     head_dim=24)),
    dict(case_id="dots1-tiny-sliding", model_type="dots1", architecture="Dots1ForCausalLM",
         source="sliding_window 8 from max_window_layers 2 on, 2 dense layers of 4",
         config=dict(TINY, num_hidden_layers=4, first_k_dense_replace=2, sliding_window=8, max_window_layers=2)),
    dict(case_id="dots1-tiny-layer-types", model_type="dots1", architecture="Dots1ForCausalLM",
         source="a config's own layer_types: layers 0 and 2 slide",
         config=dict(TINY, sliding_window=8,
                     layer_types=["sliding_attention", "full_attention", "sliding_attention"])),
    dict(case_id="dots1-tiny-num-local-experts-alias", model_type="dots1", architecture="Dots1ForCausalLM",
         source="`num_local_experts` (attribute_map alias of n_routed_experts)",
         config=dict({k: v for k, v in TINY.items() if k != "n_routed_experts"}, num_local_experts=6)),
    dict(case_id="dots1-tiny-model", model_type="dots1", architecture="Dots1Model",
         source="base model", config=dict(TINY)),
]
