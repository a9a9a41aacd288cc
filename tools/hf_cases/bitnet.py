"""BitNet: defaults, BitNet b1.58 2B4T as published (tied), both heads, and the options the template reads
(attention biases, GQA/MQA/MHA, a head_dim of its own, tied embeddings)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, bos_token_id=1, eos_token_id=2)

CASES = [
    dict(case_id="bitnet-defaults", model_type="bitnet", config={}, architecture="BitNetForCausalLM",
         source="BitNetConfig() defaults"),
    dict(case_id="bitnet-b1.58-2b-4t", model_type="bitnet", architecture="BitNetForCausalLM",
         source="microsoft/bitnet-b1.58-2B-4T config.json without its quantization_config (the bf16 master layout"
                " of microsoft/bitnet-b1.58-2B-4T-bf16) and auto_map",
         config=dict(bos_token_id=128000, eos_token_id=128001, hidden_act="relu2", hidden_size=2560,
                     initializer_range=0.02, intermediate_size=6912, max_position_embeddings=4096, rms_norm_eps=1e-05,
                     num_attention_heads=20, num_hidden_layers=30, num_key_value_heads=5, rope_theta=500000.0,
                     tie_word_embeddings=True, torch_dtype="bfloat16", use_cache=True, vocab_size=128256)),
    dict(case_id="bitnet-tiny-options", model_type="bitnet", architecture="BitNetForCausalLM",
         source="attention biases on q/k/v/o, tied embeddings, MHA (kv heads null)",
         config=dict(TINY, attention_bias=True, tie_word_embeddings=True, num_key_value_heads=None)),
    dict(case_id="bitnet-tiny-head-dim", model_type="bitnet", architecture="BitNetForCausalLM",
         source="head_dim 24 (not a BitNetConfig field, read by BitNetAttention): attn_sub_norm stays [hidden], MQA",
         config=dict(TINY, head_dim=24, num_key_value_heads=1, num_hidden_layers=3)),
    dict(case_id="bitnet-tiny-model", model_type="bitnet", architecture="BitNetModel",
         source="base model", config=dict(TINY)),
]
