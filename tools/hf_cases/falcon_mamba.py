"""Falcon Mamba: defaults, falcon-mamba-7b as published, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, state_size=8)

CASES = [
    dict(case_id="falcon_mamba-defaults", model_type="falcon_mamba", config={},
         architecture="FalconMambaForCausalLM", source="FalconMambaConfig() defaults"),
    dict(case_id="falcon_mamba-7b", model_type="falcon_mamba", architecture="FalconMambaForCausalLM",
         source="tiiuae/falcon-mamba-7b config.json (expand 16 but intermediate_size 8192: the config's"
                " intermediate_size wins)",
         config=dict(bos_token_id=0, conv_kernel=4, eos_token_id=11, expand=16, hidden_act="silu",
                     hidden_size=4096, initializer_range=0.1, intermediate_size=8192, layer_norm_epsilon=1e-05,
                     mixer_rms_eps=1e-06, num_hidden_layers=64, pad_token_id=11, rescale_prenorm_residual=False,
                     residual_in_fp32=True, state_size=16, tie_word_embeddings=False, time_step_floor=0.0001,
                     time_step_init_scheme="random", time_step_max=0.1, time_step_min=0.001, time_step_rank=256,
                     time_step_scale=1.0, torch_dtype="bfloat16", use_bias=False, use_cache=True,
                     use_conv_bias=True, vocab_size=65024)),
    dict(case_id="falcon_mamba-tiny", model_type="falcon_mamba", architecture="FalconMambaForCausalLM",
         source="tiny, time_step_rank auto = ceil(64 / 16)", config=dict(TINY)),
    dict(case_id="falcon_mamba-tiny-options", model_type="falcon_mamba", architecture="FalconMambaForCausalLM",
         source="every option flipped: biases, no conv bias, untied, expand, kernel, time_step_rank",
         config=dict(TINY, use_bias=True, use_conv_bias=False, tie_word_embeddings=False, expand=3, conv_kernel=3,
                     time_step_rank=6)),
    dict(case_id="falcon_mamba-tiny-auto-rank-string", model_type="falcon_mamba",
         architecture="FalconMambaForCausalLM",
         source='time_step_rank "auto": ceil(60 / 16) = 4; intermediate_size 100 wins over expand * hidden_size',
         config=dict(TINY, hidden_size=60, time_step_rank="auto", intermediate_size=100)),
    dict(case_id="falcon_mamba-tiny-model", model_type="falcon_mamba", architecture="FalconMambaModel",
         source="base model", config=dict(TINY)),
]
