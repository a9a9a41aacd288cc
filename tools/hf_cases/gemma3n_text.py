"""Gemma 3n (text): defaults (gemma-3n-E4B's text model), the text model of gemma-3n-E2B as published, both
heads, and every option the template reads (layer_types or the every-5th-full default, KV sharing, one or
per-layer intermediate sizes, AltUp inputs, Laurel rank, per-layer inputs, attention biases, ties)."""

TINY = dict(vocab_size=128, vocab_size_per_layer_input=96, hidden_size=64, hidden_size_per_layer_input=8,
            intermediate_size=96, num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=2, head_dim=16,
            sliding_window=8, laurel_rank=4, altup_num_inputs=3, num_kv_shared_layers=2,
            layer_types=["sliding_attention", "sliding_attention", "full_attention", "sliding_attention",
                         "sliding_attention", "full_attention"])
E2B_LAYER_TYPES = (["sliding_attention"] * 4 + ["full_attention"]) * 6
E2B = dict(activation_sparsity_pattern=[0.95] * 10 + [0.0] * 20, altup_active_idx=0, altup_coef_clip=120.0,
           altup_correct_scale=True, altup_lr_multiplier=1.0, altup_num_inputs=4, attention_bias=False,
           attention_dropout=0.0, final_logit_softcapping=30.0, head_dim=256, hidden_activation="gelu_pytorch_tanh",
           hidden_size=2048, hidden_size_per_layer_input=256, initializer_range=0.02, intermediate_size=[8192] * 30,
           laurel_rank=64, layer_types=E2B_LAYER_TYPES, max_position_embeddings=32768, model_type="gemma3n_text",
           num_attention_heads=8, num_hidden_layers=30, num_key_value_heads=2, num_kv_shared_layers=10,
           query_pre_attn_scalar=256, rms_norm_eps=1e-06, rope_local_base_freq=10000.0, rope_scaling=None,
           rope_theta=1000000.0, sliding_window=512, torch_dtype="bfloat16", use_cache=True, vocab_size=262400,
           vocab_size_per_layer_input=262144)

CASES = [
    dict(case_id="gemma3n_text-defaults", model_type="gemma3n_text", config={}, architecture="Gemma3nForCausalLM",
         source="Gemma3nTextConfig() defaults (gemma-3n-E4B's text model: 35 layers, the last 15 share K/V)"),
    dict(case_id="gemma3n_text-e2b", model_type="gemma3n_text", architecture="Gemma3nForCausalLM",
         source="google/gemma-3n-E2B config.json, its text_config (from memory): 30 layers, the last 10 share K/V",
         config=dict(E2B)),
    dict(case_id="gemma3n_text-tiny", model_type="gemma3n_text", architecture="Gemma3nForCausalLM",
         source="tiny: 6 layers, the last 2 share the K/V of layers 3 and 2", config=dict(TINY)),
    dict(case_id="gemma3n_text-tiny-options", model_type="gemma3n_text", architecture="Gemma3nForCausalLM",
         source="every option flipped: untied, attention biases, MQA, per-layer intermediate sizes, no KV sharing,"
                " 2 AltUp inputs, Laurel rank 1, default layer types (every 5th full), 7 layers",
         config=dict(TINY, layer_types=None, num_hidden_layers=7, tie_word_embeddings=False, attention_bias=True,
                     num_key_value_heads=1, intermediate_size=[32, 48, 64, 80, 96, 112, 128],
                     num_kv_shared_layers=0, altup_num_inputs=2, laurel_rank=1)),
    dict(case_id="gemma3n_text-tiny-all-full", model_type="gemma3n_text", architecture="Gemma3nForCausalLM",
         source="every layer full: no sliding_attention rotary buffers; one AltUp input (no projections)",
         config=dict(TINY, layer_types=["full_attention"] * 6, altup_num_inputs=1, num_kv_shared_layers=3)),
    dict(case_id="gemma3n_text-tiny-model", model_type="gemma3n_text", architecture="Gemma3nTextModel",
         source="base model", config=dict(TINY)),
]
