"""Bamba: defaults, Bamba-9B's layout, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=4, num_attention_heads=4,
            num_key_value_heads=2, attn_layer_indices=[1, 3], mamba_n_heads=8, mamba_d_state=16, mamba_n_groups=2)

CASES = [
    dict(case_id="bamba-defaults", model_type="bamba", config={}, architecture="BambaForCausalLM",
         source="BambaConfig() defaults (no attention layer)"),
    dict(case_id="bamba-9b", model_type="bamba", architecture="BambaForCausalLM",
         source="ibm-fms/Bamba-9B layout: 32 layers, attention at 9, 18, 27, 128 Mamba heads of 64, state 128",
         config=dict(attn_layer_indices=[9, 18, 27], hidden_size=4096, intermediate_size=14336, mamba_d_conv=4,
                     mamba_d_head=64, mamba_d_state=128, mamba_expand=2, mamba_n_groups=1, mamba_n_heads=128,
                     mamba_chunk_size=256, mamba_conv_bias=True, mamba_proj_bias=False, num_attention_heads=32,
                     num_hidden_layers=32, num_key_value_heads=8, vocab_size=128256, tie_word_embeddings=False,
                     rms_norm_eps=1e-05, max_position_embeddings=4096)),
    dict(case_id="bamba-tiny", model_type="bamba", architecture="BambaForCausalLM", source="tiny, layers 1 and 3 attend",
         config=dict(TINY)),
    dict(case_id="bamba-tiny-options", model_type="bamba", architecture="BambaForCausalLM",
         source="every option flipped: tied, attention and MLP biases, Mamba proj bias, no conv bias, expand 3, "
                "kernel 3, 1 group, 4 heads, MQA, attention first",
         config=dict(TINY, tie_word_embeddings=True, attention_bias=True, mlp_bias=True, mamba_proj_bias=True,
                     mamba_conv_bias=False, mamba_expand=3, mamba_d_conv=3, mamba_n_groups=1, mamba_n_heads=4,
                     num_key_value_heads=1, attn_layer_indices=[0])),
    dict(case_id="bamba-tiny-all-attention", model_type="bamba", architecture="BambaForCausalLM",
         source="every layer attends", config=dict(TINY, attn_layer_indices=[0, 1, 2, 3])),
    dict(case_id="bamba-tiny-model", model_type="bamba", architecture="BambaModel", source="base model",
         config=dict(TINY)),
]
