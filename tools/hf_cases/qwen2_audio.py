"""Qwen2-Audio: Qwen2AudioConfig defaults, Qwen2-Audio-7B as published, both heads, and every option the template
reads (text_config and audio_config keys, the audio_config aliases, the text model's sliding window; the top-level
tie is not read: lm_head is never tied). KV cache per token for every case (a text-only forward of the decoder)."""

TEXT = dict(model_type="qwen2", vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2,
            num_attention_heads=4, num_key_value_heads=2)
AUDIO = dict(model_type="qwen2_audio_encoder", d_model=32, encoder_ffn_dim=48, encoder_layers=2,
             encoder_attention_heads=2, num_mel_bins=16, max_source_positions=24)
TINY = dict(text_config=TEXT, audio_config=AUDIO)

CASES = [
    dict(case_id="qwen2_audio-defaults", model_type="qwen2_audio", config={},
         architecture="Qwen2AudioForConditionalGeneration",
         source="Qwen2AudioConfig() defaults (Qwen2Config and Qwen2AudioEncoderConfig)", kv_cache=True),
    dict(case_id="qwen2_audio-7b", model_type="qwen2_audio", architecture="Qwen2AudioForConditionalGeneration",
         source="Qwen/Qwen2-Audio-7B config.json (from memory of the Hub file: a Qwen-7B-shaped Qwen2 text model with"
                " 156032 tokens, Whisper-large-v3's encoder)", kv_cache=True,
         config=dict(architectures=["Qwen2AudioForConditionalGeneration"], audio_token_index=151646,
                     ignore_index=-100, torch_dtype="bfloat16",
                     audio_config=dict(model_type="qwen2_audio_encoder", d_model=1280, encoder_attention_heads=20,
                                       encoder_ffn_dim=5120, encoder_layers=32, num_mel_bins=128,
                                       max_source_positions=1500, scale_embedding=False,
                                       activation_function="gelu", dropout=0.0),
                     text_config=dict(model_type="qwen2", vocab_size=156032, intermediate_size=11008,
                                      max_position_embeddings=8192, rms_norm_eps=1e-05, bos_token_id=151643,
                                      eos_token_id=151645, torch_dtype="bfloat16"))),
    dict(case_id="qwen2_audio-tiny-options", model_type="qwen2_audio", architecture="Qwen2AudioForConditionalGeneration",
         source="options: tie_word_embeddings true (not read), MQA, head_dim 24, sliding window from layer 1, 3"
                " encoder layers", kv_cache=True,
         config=dict(TINY, tie_word_embeddings=True,
                     text_config=dict(TEXT, num_key_value_heads=1, head_dim=24, use_sliding_window=True,
                                      sliding_window=8, max_window_layers=1, tie_word_embeddings=True),
                     audio_config=dict(AUDIO, encoder_layers=3))),
    dict(case_id="qwen2_audio-tiny-aliases", model_type="qwen2_audio", architecture="Qwen2AudioForConditionalGeneration",
         source="audio_config's attribute_map aliases win over the canonical keys; text_config without"
                " num_key_value_heads (Qwen2Config's 32, under 64 heads of 2)", kv_cache=True,
         config=dict(text_config={**{k: v for k, v in TEXT.items() if k != "num_key_value_heads"},
                                  "hidden_size": 128, "num_attention_heads": 64},
                     audio_config=dict(AUDIO, hidden_size=16, num_hidden_layers=1, num_attention_heads=4,
                                       intermediate_size=24))),
    dict(case_id="qwen2_audio-tiny-model", model_type="qwen2_audio", architecture="Qwen2AudioModel",
         source="base model", kv_cache=True, config=dict(TINY)),
]
