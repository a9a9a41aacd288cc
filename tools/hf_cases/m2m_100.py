"""M2M-100 / NLLB-200: defaults, m2m100_418M, m2m100_1.2B and nllb-200-distilled-600M (published
configs), both heads, the attribute_map aliases, untied embeddings, and an odd d_model (the
sinusoidal table is zero-padded to d_model)."""

TINY = dict(vocab_size=128, max_position_embeddings=32, d_model=64, encoder_layers=2, decoder_layers=2,
            encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=96, decoder_ffn_dim=96)


def m2m100_418m(**overrides):
    """The shape keys facebook/m2m100_418M's config.json holds (generation settings left out)."""
    config = dict(activation_dropout=0.0, activation_function="relu", attention_dropout=0.1, bos_token_id=0,
                  d_model=1024, decoder_attention_heads=16, decoder_ffn_dim=4096, decoder_layerdrop=0.05,
                  decoder_layers=12, decoder_start_token_id=2, dropout=0.1, encoder_attention_heads=16,
                  encoder_ffn_dim=4096, encoder_layerdrop=0.05, encoder_layers=12, eos_token_id=2,
                  gradient_checkpointing=False, init_std=0.02, is_encoder_decoder=True,
                  max_position_embeddings=1024, num_hidden_layers=12, pad_token_id=1, scale_embedding=True,
                  transformers_version="4.4.0.dev0", use_cache=True, vocab_size=128112)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="m2m_100-defaults", model_type="m2m_100", config={},
         architecture="M2M100ForConditionalGeneration", source="M2M100Config() defaults"),
    dict(case_id="m2m_100-418m", model_type="m2m_100", architecture="M2M100ForConditionalGeneration",
         source="facebook/m2m100_418M config.json (generation settings left out)", config=m2m100_418m()),
    dict(case_id="m2m_100-1.2b", model_type="m2m_100", architecture="M2M100ForConditionalGeneration",
         source="facebook/m2m100_1.2B config.json (generation settings left out)",
         config=m2m100_418m(decoder_ffn_dim=8192, decoder_layers=24, encoder_ffn_dim=8192, encoder_layers=24,
                            num_hidden_layers=24)),
    dict(case_id="m2m_100-nllb-200-distilled-600m", model_type="m2m_100",
         architecture="M2M100ForConditionalGeneration",
         source="facebook/nllb-200-distilled-600M config.json (generation settings left out)",
         config=m2m100_418m(attention_dropout=0.1, max_length=200, tokenizer_class="NllbTokenizer",
                            transformers_version="4.21.0.dev0", vocab_size=256206)),
    dict(case_id="m2m_100-tiny-untied", model_type="m2m_100", architecture="M2M100ForConditionalGeneration",
         source="tie_word_embeddings false: shared, both embed_tokens and lm_head apart; asymmetric stacks",
         config=dict(TINY, tie_word_embeddings=False, decoder_layers=3, decoder_ffn_dim=80,
                     decoder_attention_heads=2)),
    dict(case_id="m2m_100-tiny-aliases", model_type="m2m_100", architecture="M2M100ForConditionalGeneration",
         source="attribute_map aliases win over d_model, encoder_layers, encoder_attention_heads",
         config=dict(TINY, hidden_size=48, num_hidden_layers=3, num_attention_heads=3, decoder_attention_heads=3)),
    dict(case_id="m2m_100-tiny-odd-dim", model_type="m2m_100", architecture="M2M100ForConditionalGeneration",
         source="odd d_model (the sinusoidal buffer is zero-padded to d_model columns)",
         config=dict(TINY, d_model=63, encoder_attention_heads=3, decoder_attention_heads=7)),
    dict(case_id="m2m_100-tiny-model", model_type="m2m_100", architecture="M2M100Model", source="base model",
         config=dict(TINY)),
    dict(case_id="m2m_100-tiny-model-untied", model_type="m2m_100", architecture="M2M100Model",
         source="base model, tie_word_embeddings false", config=dict(TINY, tie_word_embeddings=False)),
]
