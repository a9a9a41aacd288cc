"""Mamba-2: defaults, Mamba-Codestral-7B-v0.1 as published, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, state_size=8, num_heads=8, head_dim=16, n_groups=2)

CASES = [
    dict(case_id="mamba2-defaults", model_type="mamba2", config={}, architecture="Mamba2ForCausalLM",
         source="Mamba2Config() defaults"),
    dict(case_id="mamba2-codestral-7b", model_type="mamba2", architecture="Mamba2ForCausalLM",
         source="mistralai/Mamba-Codestral-7B-v0.1 config.json",
         config=dict(bos_token_id=0, chunk_size=256, conv_kernel=4, eos_token_id=0, expand=2, head_dim=64,
                     hidden_act="silu", hidden_size=4096, initializer_range=0.1, layer_norm_epsilon=1e-05,
                     n_groups=8, num_heads=128, num_hidden_layers=64, pad_token_id=0,
                     rescale_prenorm_residual=False, residual_in_fp32=True, rms_norm=True, state_size=128,
                     tie_word_embeddings=False, time_step_floor=0.0001, time_step_max=0.1, time_step_min=0.001,
                     time_step_rank=256, torch_dtype="bfloat16", use_bias=False, use_cache=True,
                     use_conv_bias=True, vocab_size=32768)),
    dict(case_id="mamba2-tiny", model_type="mamba2", architecture="Mamba2ForCausalLM", source="tiny",
         config=dict(TINY)),
    dict(case_id="mamba2-tiny-options", model_type="mamba2", architecture="Mamba2ForCausalLM",
         source="every option flipped: biases, no conv bias, tied, expand 3, kernel 3, 1 group, 4 heads of 48",
         config=dict(TINY, use_bias=True, use_conv_bias=False, tie_word_embeddings=True, expand=3, conv_kernel=3,
                     n_groups=1, num_heads=4, head_dim=48)),
    dict(case_id="mamba2-tiny-model", model_type="mamba2", architecture="Mamba2Model", source="base model",
         config=dict(TINY)),
]
