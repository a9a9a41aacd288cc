"""MiniMax-M2: defaults, MiniMax-M2 as published (legacy rotary_dim), both heads, and the options the template
reads (partial rotary from rotary_dim or rope_parameters, GQA/MQA, head_dim, tied embeddings, the num_experts
alias of num_local_experts)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=32, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16, num_local_experts=4, num_experts_per_tok=2, bos_token_id=1,
            eos_token_id=2)

CASES = [
    dict(case_id="minimax_m2-defaults", model_type="minimax_m2", config={}, architecture="MiniMaxM2ForCausalLM",
         source="MiniMaxM2Config() defaults"),
    dict(case_id="minimax_m2-m2", model_type="minimax_m2", architecture="MiniMaxM2ForCausalLM",
         source="MiniMaxAI/MiniMax-M2 config.json, its architecture keys (230B as published): rotary_dim 64 of 128",
         config=dict(head_dim=128, hidden_act="silu", hidden_size=3072, intermediate_size=1536,
                     max_position_embeddings=196608, num_attention_heads=48, num_experts_per_tok=8,
                     num_hidden_layers=62, num_key_value_heads=8, num_local_experts=256, rms_norm_eps=1e-06,
                     rope_theta=5000000, rotary_dim=64, tie_word_embeddings=False, vocab_size=200064,
                     use_qk_norm=True, scoring_func="sigmoid", use_routing_bias=True, bos_token_id=200019,
                     eos_token_id=200020)),
    dict(case_id="minimax_m2-tiny", model_type="minimax_m2", architecture="MiniMaxM2ForCausalLM",
         source="two layers, top-2 of 4, full rotary", config=dict(TINY)),
    dict(case_id="minimax_m2-tiny-options", model_type="minimax_m2", architecture="MiniMaxM2ForCausalLM",
         source="tied embeddings, MQA, head_dim 24, top-1 of 3, rotary_dim 10 of 24",
         config=dict(TINY, tie_word_embeddings=True, num_key_value_heads=1, head_dim=24, num_local_experts=3,
                     num_experts_per_tok=1, rotary_dim=10)),
    dict(case_id="minimax_m2-tiny-partial-rotary", model_type="minimax_m2", architecture="MiniMaxM2ForCausalLM",
         source="partial_rotary_factor 0.25 in rope_parameters (wins over rotary_dim 12), 3 layers",
         config=dict(TINY, num_hidden_layers=3, rotary_dim=12,
                     rope_parameters=dict(rope_type="default", rope_theta=10000.0, partial_rotary_factor=0.25))),
    dict(case_id="minimax_m2-tiny-num-experts-alias", model_type="minimax_m2", architecture="MiniMaxM2ForCausalLM",
         source="`num_experts` (attribute_map alias of num_local_experts) wins over it",
         config=dict(TINY, num_experts=6)),
    dict(case_id="minimax_m2-tiny-model", model_type="minimax_m2", architecture="MiniMaxM2Model",
         source="base model", config=dict(TINY)),
]
