"""Mamba: defaults, mamba-130m-hf as published, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, state_size=8)

CASES = [
    dict(case_id="mamba-defaults", model_type="mamba", config={}, architecture="MambaForCausalLM",
         source="MambaConfig() defaults"),
    dict(case_id="mamba-130m", model_type="mamba", architecture="MambaForCausalLM",
         source="state-spaces/mamba-130m-hf config.json",
         config=dict(bos_token_id=0, conv_kernel=4, d_inner=1536, d_model=768, eos_token_id=0, expand=2,
                     fused_add_norm=True, hidden_act="silu", hidden_size=768, initializer_range=0.1,
                     intermediate_size=1536, layer_norm_epsilon=1e-05, n_layer=24, num_hidden_layers=24,
                     pad_token_id=0, pad_vocab_size_multiple=8, rescale_prenorm_residual=False,
                     residual_in_fp32=True, rms_norm=True, ssm_cfg={}, state_size=16, time_step_floor=0.0001,
                     time_step_init_scheme="random", time_step_max=0.1, time_step_min=0.001, time_step_rank=48,
                     time_step_scale=1.0, torch_dtype="float32", use_bias=False, use_cache=True, use_conv_bias=True,
                     vocab_size=50280)),
    dict(case_id="mamba-tiny", model_type="mamba", architecture="MambaForCausalLM",
         source="tiny, time_step_rank auto = ceil(64 / 16)", config=dict(TINY)),
    dict(case_id="mamba-tiny-options", model_type="mamba", architecture="MambaForCausalLM",
         source="every option flipped: biases, no conv bias, untied, expand, kernel, time_step_rank",
         config=dict(TINY, use_bias=True, use_conv_bias=False, tie_word_embeddings=False, expand=3, conv_kernel=3,
                     time_step_rank=6)),
    dict(case_id="mamba-tiny-auto-rank-ceil", model_type="mamba", architecture="MambaForCausalLM",
         source="time_step_rank auto rounds up: ceil(60 / 16) = 4; the config's intermediate_size 100 wins over"
                " expand * hidden_size = 120",
         config=dict(TINY, hidden_size=60, intermediate_size=100)),
    dict(case_id="mamba-tiny-auto-rank-string", model_type="mamba", architecture="MambaForCausalLM",
         source='time_step_rank written as "auto" (as published configs do): ceil(60 / 16) = 4',
         config=dict(TINY, hidden_size=60, time_step_rank="auto")),
    dict(case_id="mamba-tiny-model", model_type="mamba", architecture="MambaModel", source="base model",
         config=dict(TINY)),
]
