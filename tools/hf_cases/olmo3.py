"""OLMo 3: defaults, Olmo-3-7B as published, every head, every option."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=4, num_attention_heads=4,
            num_key_value_heads=2, sliding_window=8)

CASES = [
    dict(case_id="olmo3-defaults", model_type="olmo3", config={}, architecture="Olmo3ForCausalLM",
         source="Olmo3Config() defaults"),
    dict(case_id="olmo3-7b", model_type="olmo3", architecture="Olmo3ForCausalLM",
         source="allenai/Olmo-3-1025-7B config.json (rope_scaling left out: it changes no tensor)",
         config=dict(attention_bias=False, attention_dropout=0.0, eos_token_id=100257, hidden_act="silu",
                     hidden_size=4096, initializer_range=0.02, intermediate_size=11008,
                     layer_types=(["sliding_attention"] * 3 + ["full_attention"]) * 8, max_position_embeddings=65536,
                     num_attention_heads=32, num_hidden_layers=32, num_key_value_heads=32, pad_token_id=100277,
                     rms_norm_eps=1e-06, rope_theta=500000, sliding_window=4096, tie_word_embeddings=False,
                     torch_dtype="bfloat16", use_cache=True, vocab_size=100278)),
    dict(case_id="olmo3-tiny-options", model_type="olmo3", architecture="Olmo3ForCausalLM",
         source="every option flipped: attention biases, tied embeddings, head_dim 24, MHA",
         config=dict(TINY, num_key_value_heads=4, head_dim=24, attention_bias=True, tie_word_embeddings=True)),
    dict(case_id="olmo3-tiny-mqa", model_type="olmo3", architecture="Olmo3ForCausalLM",
         source="MQA, 3 layers (no full-attention layer: only sliding rotary buffers)",
         config=dict(TINY, num_key_value_heads=1, num_hidden_layers=3)),
    dict(case_id="olmo3-tiny-nowindow", model_type="olmo3", architecture="Olmo3ForCausalLM",
         source="sliding_window null: the sliding layers attend to all", config=dict(TINY, sliding_window=None)),
    dict(case_id="olmo3-tiny-model", model_type="olmo3", architecture="Olmo3Model",
         source="base model, kv heads null (MHA)", config=dict(TINY, num_key_value_heads=None)),
    dict(case_id="olmo3-tiny-seqcls", model_type="olmo3", architecture="Olmo3ForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
]
