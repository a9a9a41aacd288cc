"""Marian (OPUS-MT): defaults, opus-mt-en-de (published config), every head, the attribute_map
aliases, untied embeddings, separate encoder/decoder vocabularies (share_encoder_decoder_embeddings
false with decoder_vocab_size), and decoder_vocab_size in a causal LM."""

TINY = dict(vocab_size=128, max_position_embeddings=32, d_model=64, encoder_layers=2, decoder_layers=2,
            encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=96, decoder_ffn_dim=96,
            pad_token_id=0, decoder_start_token_id=0)
LABELS3 = {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}


def en_de(**overrides):
    """The shape keys Helsinki-NLP/opus-mt-en-de's config.json holds (generation settings left out)."""
    config = dict(_num_labels=3, activation_dropout=0.0, activation_function="swish", add_bias_logits=False,
                  add_final_layer_norm=False, attention_dropout=0.0, bos_token_id=0, classif_dropout=0.0,
                  classifier_dropout=0.0, d_model=512, decoder_attention_heads=8, decoder_ffn_dim=2048,
                  decoder_layerdrop=0.0, decoder_layers=6, decoder_start_token_id=58100, decoder_vocab_size=58101,
                  dropout=0.1, encoder_attention_heads=8, encoder_ffn_dim=2048, encoder_layerdrop=0.0,
                  encoder_layers=6, eos_token_id=0, forced_eos_token_id=0, id2label=LABELS3,
                  label2id={v: int(k) for k, v in LABELS3.items()}, init_std=0.02, is_encoder_decoder=True,
                  max_position_embeddings=512, normalize_before=False, normalize_embedding=False,
                  num_hidden_layers=6, pad_token_id=58100, scale_embedding=True,
                  share_encoder_decoder_embeddings=True, static_position_embeddings=True,
                  transformers_version="4.22.0.dev0", use_cache=True, vocab_size=58101)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="marian-defaults", model_type="marian", config={}, architecture="MarianMTModel",
         source="MarianConfig() defaults"),
    dict(case_id="marian-opus-mt-en-de", model_type="marian", architecture="MarianMTModel",
         source="Helsinki-NLP/opus-mt-en-de config.json (generation settings left out)", config=en_de()),
    dict(case_id="marian-opus-mt-en-de-model", model_type="marian", architecture="MarianModel",
         source="Helsinki-NLP/opus-mt-en-de config.json as the base model", config=en_de()),
    dict(case_id="marian-tiny-untied", model_type="marian", architecture="MarianMTModel",
         source="tie_word_embeddings false: shared, both embed_tokens and lm_head apart; asymmetric stacks",
         config=dict(TINY, tie_word_embeddings=False, decoder_layers=3, decoder_ffn_dim=80,
                     decoder_attention_heads=2)),
    dict(case_id="marian-tiny-aliases", model_type="marian", architecture="MarianMTModel",
         source="attribute_map aliases win over d_model, encoder_layers, encoder_attention_heads",
         config=dict(TINY, hidden_size=48, num_hidden_layers=3, num_attention_heads=3, decoder_attention_heads=3)),
    dict(case_id="marian-tiny-separate-vocabs", model_type="marian", architecture="MarianMTModel",
         source="share_encoder_decoder_embeddings false with decoder_vocab_size: no shared, lm_head "
                "[decoder_vocab_size] tied to the decoder's embed_tokens",
         config=dict(TINY, share_encoder_decoder_embeddings=False, decoder_vocab_size=96)),
    dict(case_id="marian-tiny-separate-vocabs-untied", model_type="marian", architecture="MarianMTModel",
         source="share_encoder_decoder_embeddings false, tie_word_embeddings false",
         config=dict(TINY, share_encoder_decoder_embeddings=False, decoder_vocab_size=96,
                     tie_word_embeddings=False)),
    dict(case_id="marian-tiny-model", model_type="marian", architecture="MarianModel", source="base model",
         config=dict(TINY)),
    dict(case_id="marian-tiny-model-untied", model_type="marian", architecture="MarianModel",
         source="base model, tie_word_embeddings false", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="marian-tiny-model-separate-vocabs", model_type="marian", architecture="MarianModel",
         source="base model, share_encoder_decoder_embeddings false (no shared, nothing tied)",
         config=dict(TINY, share_encoder_decoder_embeddings=False, decoder_vocab_size=96)),
    dict(case_id="marian-tiny-causal", model_type="marian", architecture="MarianForCausalLM",
         source="decoder only, lm_head tied to the decoder's embed_tokens", config=dict(TINY)),
    dict(case_id="marian-tiny-causal-untied", model_type="marian", architecture="MarianForCausalLM",
         source="decoder only, untied lm_head", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="marian-tiny-causal-decoder-vocab-untied", model_type="marian", architecture="MarianForCausalLM",
         source="decoder only: embed_tokens [decoder_vocab_size], untied lm_head [vocab_size]",
         config=dict(TINY, decoder_vocab_size=96, tie_word_embeddings=False)),
    dict(case_id="marian-tiny-causal-decoder-vocab", model_type="marian", architecture="MarianForCausalLM",
         source="decoder only: embed_tokens [decoder_vocab_size], the tied lm_head is that tensor",
         config=dict(TINY, decoder_vocab_size=96)),
    dict(case_id="marian-tiny-shared-decoder-vocab", model_type="marian", architecture="MarianMTModel",
         source="share_encoder_decoder_embeddings true with another decoder_vocab_size: the tie makes the "
                "decoder's embed_tokens model.shared.weight [vocab_size]", config=dict(TINY, decoder_vocab_size=96)),
    dict(case_id="marian-tiny-shared-decoder-vocab-untied", model_type="marian", architecture="MarianMTModel",
         source="shared embeddings, tie_word_embeddings false: decoder embed_tokens [decoder_vocab_size], "
                "lm_head [vocab_size]", config=dict(TINY, decoder_vocab_size=96, tie_word_embeddings=False)),
]
