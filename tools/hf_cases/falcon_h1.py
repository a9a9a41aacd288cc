"""Falcon-H1: defaults, published layouts, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, mamba_d_ssm=128, mamba_n_heads=8, mamba_d_state=16, mamba_n_groups=2)

CASES = [
    dict(case_id="falcon_h1-defaults", model_type="falcon_h1", config={}, architecture="FalconH1ForCausalLM",
         source="FalconH1Config() defaults"),
    dict(case_id="falcon_h1-0.5b", model_type="falcon_h1", architecture="FalconH1ForCausalLM",
         source="tiiuae/Falcon-H1-0.5B-Base layout (head_dim 64 from config.json, mamba_rms_norm false)",
         config=dict(vocab_size=32784, hidden_size=1024, intermediate_size=2048, num_hidden_layers=36,
                     num_attention_heads=8, num_key_value_heads=2, head_dim=64, mamba_d_ssm=1536, mamba_n_heads=24,
                     mamba_d_head=64, mamba_d_state=128, mamba_n_groups=1, mamba_d_conv=4, mamba_expand=2,
                     mamba_conv_bias=True, mamba_proj_bias=False, mamba_rms_norm=False, mamba_norm_before_gate=False,
                     projectors_bias=False, attention_bias=False, mlp_bias=False, tie_word_embeddings=False,
                     max_position_embeddings=16384, rope_theta=100000000000.0)),
    dict(case_id="falcon_h1-tiny", model_type="falcon_h1", architecture="FalconH1ForCausalLM", source="tiny",
         config=dict(TINY)),
    dict(case_id="falcon_h1-tiny-options", model_type="falcon_h1", architecture="FalconH1ForCausalLM",
         source="every option flipped: tied, gated Mamba norm, proj and projector biases apart, no conv bias, "
                "attention and MLP biases, kernel 3, 1 group, head_dim 24, MQA",
         config=dict(TINY, tie_word_embeddings=True, mamba_rms_norm=True, mamba_proj_bias=True, projectors_bias=False,
                     mamba_conv_bias=False, attention_bias=True, mlp_bias=True, mamba_d_conv=3, mamba_n_groups=1,
                     head_dim=24, num_key_value_heads=1)),
    dict(case_id="falcon_h1-tiny-projectors-bias", model_type="falcon_h1", architecture="FalconH1ForCausalLM",
         source="projectors_bias alone (out_proj biased, in_proj not)", config=dict(TINY, projectors_bias=True)),
    dict(case_id="falcon_h1-tiny-d-ssm-null", model_type="falcon_h1", architecture="FalconH1ForCausalLM",
         source="mamba_d_ssm null: I = mamba_expand * hidden_size (expand 3)",
         config=dict(TINY, mamba_d_ssm=None, mamba_expand=3, mamba_n_heads=6)),
    dict(case_id="falcon_h1-tiny-model", model_type="falcon_h1", architecture="FalconH1Model", source="base model",
         config=dict(TINY)),
]
