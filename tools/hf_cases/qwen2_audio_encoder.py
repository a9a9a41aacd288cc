"""The Qwen2-Audio encoder alone (model_type qwen2_audio_encoder, Qwen2AudioEncoder): defaults and tiny variants
(canonical keys; the attribute_map aliases, which win)."""

TINY = dict(d_model=32, encoder_ffn_dim=48, encoder_layers=2, encoder_attention_heads=2, num_mel_bins=16,
            max_source_positions=24)

CASES = [
    dict(case_id="qwen2_audio_encoder-defaults", model_type="qwen2_audio_encoder", config={},
         architecture="Qwen2AudioEncoder", source="Qwen2AudioEncoderConfig() defaults (Qwen2-Audio-7B's encoder)"),
    dict(case_id="qwen2_audio_encoder-tiny", model_type="qwen2_audio_encoder", architecture="Qwen2AudioEncoder",
         source="tiny: 16 mel bins, 24 positions", config=dict(TINY)),
    dict(case_id="qwen2_audio_encoder-tiny-aliases", model_type="qwen2_audio_encoder",
         architecture="Qwen2AudioEncoder", source="hidden_size, num_hidden_layers, num_attention_heads and"
                                                  " intermediate_size given beside the canonical keys: they win",
         config=dict(TINY, hidden_size=16, num_hidden_layers=3, num_attention_heads=4, intermediate_size=24)),
]
