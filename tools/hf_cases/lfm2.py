"""LFM2: defaults, LFM2-1.2B as published, both heads, and every option the template reads (layer_types or
full_attn_idxs, the MLP width rule, conv kernel and biases, the old key names, ties, head_dim)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=4, num_attention_heads=4,
            num_key_value_heads=2, layer_types=["conv", "full_attention", "conv", "full_attention"])

CASES = [
    dict(case_id="lfm2-defaults", model_type="lfm2", config={}, architecture="Lfm2ForCausalLM",
         source="Lfm2Config() defaults (every layer attends: full_attn_idxs null)"),
    dict(case_id="lfm2-1.2b", model_type="lfm2", architecture="Lfm2ForCausalLM",
         source="LiquidAI/LFM2-1.2B config.json (from memory; 1,170,340,608 parameters as its model card says)",
         expected_params=1170340608,
         config=dict(block_auto_adjust_ff_dim=True, block_dim=2048, block_ff_dim=12288, block_ffn_dim_multiplier=1.0,
                     block_mlp_init_scale=1.0, block_multiple_of=256, block_norm_eps=1e-05,
                     block_out_init_scale=1.0, block_use_swiglu=True, block_use_xavier_init=True, bos_token_id=1,
                     conv_L_cache=3, conv_bias=False, conv_dim=2048, conv_dim_out=2048, conv_use_xavier_init=True,
                     eos_token_id=7, hidden_size=2048, initializer_range=0.02,
                     layer_types=["conv", "conv", "full_attention", "conv", "conv", "full_attention", "conv", "conv",
                                  "full_attention", "conv", "full_attention", "conv", "full_attention", "conv",
                                  "full_attention", "conv"],
                     max_position_embeddings=128000, norm_eps=1e-05, num_attention_heads=32, num_heads=32,
                     num_hidden_layers=16, num_key_value_heads=8, pad_token_id=0, rope_theta=1000000.0,
                     torch_dtype="bfloat16", use_cache=True, use_pos_enc=True, vocab_size=65536)),
    dict(case_id="lfm2-tiny", model_type="lfm2", architecture="Lfm2ForCausalLM", source="tiny, layers 1 and 3 attend",
         config=dict(TINY)),
    dict(case_id="lfm2-tiny-options", model_type="lfm2", architecture="Lfm2ForCausalLM",
         source="every option flipped: untied (tie_embedding), conv biases, kernel 4, block_ff_dim, multiplier 1.5,"
                " multiple of 32, MQA, head_dim 8, attention at 0 and 2 by full_attn_idxs",
         config=dict(vocab_size=128, hidden_size=64, num_hidden_layers=4, num_attention_heads=4,
                     num_key_value_heads=1, head_dim=8, tie_embedding=False, conv_bias=True, conv_L_cache=4,
                     block_ff_dim=200, intermediate_size=96, block_ffn_dim_multiplier=1.5, block_multiple_of=32,
                     full_attn_idxs=[0, 2])),
    dict(case_id="lfm2-tiny-all-conv", model_type="lfm2", architecture="Lfm2ForCausalLM",
         source="full_attn_idxs []: every layer a conv layer; intermediate_size 100 (transformers cannot run a model without attention layers: no KV ground truth)",
         config=dict(TINY, layer_types=None, full_attn_idxs=[], intermediate_size=100)),
    dict(case_id="lfm2-tiny-no-adjust", model_type="lfm2", architecture="Lfm2ForCausalLM",
         source="block_auto_adjust_ff_dim false: the MLP is intermediate_size wide",
         config=dict(TINY, intermediate_size=100, block_auto_adjust_ff_dim=False)),
    dict(case_id="lfm2-tiny-model", model_type="lfm2", architecture="Lfm2Model", source="base model",
         config=dict(TINY)),
]
