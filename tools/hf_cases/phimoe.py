"""PhiMoE: defaults, Phi-3.5-MoE as published, every head, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=32, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, num_local_experts=4, num_experts_per_tok=2)

CASES = [
    dict(case_id="phimoe-defaults", model_type="phimoe", config={}, architecture="PhimoeForCausalLM",
         source="PhimoeConfig() defaults"),
    dict(case_id="phimoe-3.5-moe", model_type="phimoe", architecture="PhimoeForCausalLM", expected_params=41873153344,
         source="microsoft/Phi-3.5-MoE-instruct config.json (its rope_scaling LongRoPE factor lists left out:"
                " they change no tensor)",
         config=dict(attention_bias=True, attention_dropout=0.0, bos_token_id=1, eos_token_id=32000,
                     hidden_act="silu", hidden_dropout=0.0, hidden_size=4096, initializer_range=0.02,
                     input_jitter_noise=0.01, intermediate_size=6400, lm_head_bias=True,
                     max_position_embeddings=131072, num_attention_heads=32, num_experts_per_tok=2,
                     num_hidden_layers=32, num_key_value_heads=8, num_local_experts=16,
                     original_max_position_embeddings=4096, output_router_logits=False, rms_norm_eps=1e-05,
                     rope_theta=10000.0, router_aux_loss_coef=0.0, router_jitter_noise=0.01,
                     sliding_window=131072, tie_word_embeddings=False, torch_dtype="bfloat16", use_cache=True,
                     vocab_size=32064)),
    dict(case_id="phimoe-tiny-options", model_type="phimoe", architecture="PhimoeForCausalLM",
         source="every option flipped: attention and LM-head biases, tied embeddings, head_dim 24, top-1 of 3"
                " experts, sliding window 8",
         config=dict(TINY, attention_bias=True, lm_head_bias=True, tie_word_embeddings=True, head_dim=24,
                     num_local_experts=3, num_experts_per_tok=1, sliding_window=8)),
    dict(case_id="phimoe-tiny-mqa", model_type="phimoe", architecture="PhimoeForCausalLM",
         source="MQA", config=dict(TINY, num_key_value_heads=1)),
    dict(case_id="phimoe-tiny-mha", model_type="phimoe", architecture="PhimoeForCausalLM",
         source="MHA: num_key_value_heads = num_attention_heads", config=dict(TINY, num_key_value_heads=4)),
    dict(case_id="phimoe-tiny-longrope", model_type="phimoe", architecture="PhimoeForCausalLM",
         source="LongRoPE rope_scaling (factor lists of head_dim / 2): the same tensors",
         config=dict(TINY, max_position_embeddings=256, original_max_position_embeddings=64,
                     rope_scaling=dict(type="longrope", long_factor=[1.5] * 8, short_factor=[1.0] * 8,
                                       long_mscale=1.2, short_mscale=1.2, original_max_position_embeddings=64))),
    dict(case_id="phimoe-tiny-model", model_type="phimoe", architecture="PhimoeModel", source="base model",
         config=dict(TINY)),
    dict(case_id="phimoe-tiny-seqcls", model_type="phimoe", architecture="PhimoeForSequenceClassification",
         source="sequence classification", config=dict(TINY, id2label={"0": "a", "1": "b", "2": "c"})),
]
