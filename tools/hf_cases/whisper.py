"""Whisper: defaults, whisper-tiny / whisper-base / whisper-large-v3 as published, every head, the
attribute_map aliases and every option the template reads (untied proj_out, weighted layer sum,
classifier_proj_size, mel bins, position tables)."""

TINY = dict(vocab_size=128, num_mel_bins=16, d_model=64, encoder_layers=2, decoder_layers=2,
            encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=96, decoder_ffn_dim=96,
            max_source_positions=30, max_target_positions=20,
            pad_token_id=0, bos_token_id=0, eos_token_id=0, decoder_start_token_id=1, begin_suppress_tokens=[2])


def published(**overrides):
    """The shape keys openai/whisper-tiny's config.json holds (generation settings left out)."""
    config = dict(activation_dropout=0.0, activation_function="gelu", attention_dropout=0.0, bos_token_id=50257,
                  d_model=384, decoder_attention_heads=6, decoder_ffn_dim=1536, decoder_layerdrop=0.0,
                  decoder_layers=4, decoder_start_token_id=50258, dropout=0.0, encoder_attention_heads=6,
                  encoder_ffn_dim=1536, encoder_layerdrop=0.0, encoder_layers=4, eos_token_id=50257, init_std=0.02,
                  is_encoder_decoder=True, max_source_positions=1500, max_target_positions=448,
                  num_hidden_layers=4, num_mel_bins=80, pad_token_id=50257, scale_embedding=False,
                  torch_dtype="float32", transformers_version="4.27.0.dev0", use_cache=True, vocab_size=51865)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="whisper-defaults", model_type="whisper", config={}, architecture="WhisperForConditionalGeneration",
         source="WhisperConfig() defaults", expected_params=37760640),
    dict(case_id="whisper-tiny", model_type="whisper", architecture="WhisperForConditionalGeneration",
         source="openai/whisper-tiny config.json (generation settings left out)", expected_params=37760640,
         config=published()),
    dict(case_id="whisper-base", model_type="whisper", architecture="WhisperForConditionalGeneration",
         source="openai/whisper-base config.json (generation settings left out)", expected_params=72593920,
         config=published(d_model=512, decoder_attention_heads=8, decoder_ffn_dim=2048, decoder_layers=6,
                          encoder_attention_heads=8, encoder_ffn_dim=2048, encoder_layers=6, num_hidden_layers=6)),
    dict(case_id="whisper-large-v3", model_type="whisper", architecture="WhisperForConditionalGeneration",
         source="openai/whisper-large-v3 config.json (generation settings left out)",
         expected_params=1543490560,
         config=published(apply_spec_augment=False, classifier_proj_size=256, d_model=1280,
                          decoder_attention_heads=20, decoder_ffn_dim=5120, decoder_layers=32,
                          encoder_attention_heads=20, encoder_ffn_dim=5120, encoder_layers=32,
                          mask_feature_length=10, mask_feature_min_masks=0, mask_feature_prob=0.0,
                          mask_time_length=10, mask_time_min_masks=2, mask_time_prob=0.05, median_filter_width=7,
                          num_hidden_layers=32, num_mel_bins=128, pad_token_id=50256, torch_dtype="float16",
                          transformers_version="4.36.0.dev0", use_weighted_layer_sum=False, vocab_size=51866)),
    dict(case_id="whisper-tiny-untied", model_type="whisper", architecture="WhisperForConditionalGeneration",
         source="tie_word_embeddings false; asymmetric encoder and decoder",
         config=dict(TINY, tie_word_embeddings=False, decoder_layers=3, decoder_ffn_dim=80, decoder_attention_heads=2)),
    dict(case_id="whisper-tiny-aliases", model_type="whisper", architecture="WhisperForConditionalGeneration",
         source="attribute_map aliases win over d_model, encoder_layers, encoder_attention_heads",
         config=dict(TINY, hidden_size=48, num_hidden_layers=3, num_attention_heads=3, decoder_attention_heads=3)),
    dict(case_id="whisper-tiny-model", model_type="whisper", architecture="WhisperModel", source="base model",
         config=dict(TINY)),
    dict(case_id="whisper-tiny-causal", model_type="whisper", architecture="WhisperForCausalLM",
         source="decoder only, proj_out tied to the decoder's embed_tokens", config=dict(TINY)),
    dict(case_id="whisper-tiny-causal-untied", model_type="whisper", architecture="WhisperForCausalLM",
         source="decoder only, untied proj_out", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="whisper-tiny-audiocls", model_type="whisper", architecture="WhisperForAudioClassification",
         source="audio classification (encoder, projector, classifier)", config=dict(TINY, num_labels=5)),
    dict(case_id="whisper-tiny-audiocls-weighted", model_type="whisper", architecture="WhisperForAudioClassification",
         source="weighted layer sum, classifier_proj_size, labels from id2label",
         config=dict(TINY, use_weighted_layer_sum=True, classifier_proj_size=32,
                     id2label={"0": "a", "1": "b", "2": "c"})),
]
