"""mBART: defaults, mbart-large-cc25 and mbart-large-50 (published configs), every head, the
attribute_map aliases, and untied embeddings."""

TINY = dict(vocab_size=128, max_position_embeddings=32, d_model=64, encoder_layers=2, decoder_layers=2,
            encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=96, decoder_ffn_dim=96)
LABELS3 = {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}


def cc25(**overrides):
    """The shape keys facebook/mbart-large-cc25's config.json holds (generation settings left out)."""
    config = dict(_num_labels=3, activation_dropout=0.0, activation_function="gelu", add_bias_logits=False,
                  add_final_layer_norm=True, attention_dropout=0.0, bos_token_id=0, classif_dropout=0.0,
                  d_model=1024, decoder_attention_heads=16, decoder_ffn_dim=4096, decoder_layerdrop=0.0,
                  decoder_layers=12, dropout=0.1, encoder_attention_heads=16, encoder_ffn_dim=4096,
                  encoder_layerdrop=0.0, encoder_layers=12, eos_token_id=2, id2label=LABELS3,
                  label2id={v: int(k) for k, v in LABELS3.items()}, init_std=0.02, is_encoder_decoder=True,
                  max_position_embeddings=1024, normalize_before=True, normalize_embedding=True,
                  num_hidden_layers=12, output_past=True, pad_token_id=1, scale_embedding=True,
                  static_position_embeddings=False, vocab_size=250027)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="mbart-defaults", model_type="mbart", config={}, architecture="MBartForConditionalGeneration",
         source="MBartConfig() defaults"),
    dict(case_id="mbart-large-cc25", model_type="mbart", architecture="MBartForConditionalGeneration",
         source="facebook/mbart-large-cc25 config.json (generation settings left out)", config=cc25()),
    dict(case_id="mbart-large-50", model_type="mbart", architecture="MBartForConditionalGeneration",
         source="facebook/mbart-large-50 config.json (generation settings left out)",
         config=cc25(attention_dropout=0.0, decoder_start_token_id=2, forced_eos_token_id=2,
                     transformers_version="4.4.0.dev0", use_cache=True, vocab_size=250054)),
    dict(case_id="mbart-tiny-untied", model_type="mbart", architecture="MBartForConditionalGeneration",
         source="tie_word_embeddings false: shared, both embed_tokens and lm_head apart; asymmetric stacks",
         config=dict(TINY, tie_word_embeddings=False, decoder_layers=3, decoder_ffn_dim=80,
                     decoder_attention_heads=2)),
    dict(case_id="mbart-tiny-aliases", model_type="mbart", architecture="MBartForConditionalGeneration",
         source="attribute_map aliases win over d_model, encoder_layers, encoder_attention_heads",
         config=dict(TINY, hidden_size=48, num_hidden_layers=3, num_attention_heads=3, decoder_attention_heads=3)),
    dict(case_id="mbart-tiny-model", model_type="mbart", architecture="MBartModel", source="base model",
         config=dict(TINY)),
    dict(case_id="mbart-tiny-model-untied", model_type="mbart", architecture="MBartModel",
         source="base model, tie_word_embeddings false", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="mbart-tiny-seqcls", model_type="mbart", architecture="MBartForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="mbart-tiny-seqcls-default", model_type="mbart", architecture="MBartForSequenceClassification",
         source="sequence classification with the default of 2 labels", config=dict(TINY)),
    dict(case_id="mbart-tiny-seqcls-id2label", model_type="mbart", architecture="MBartForSequenceClassification",
         source="sequence classification, labels from id2label", config=dict(TINY, id2label=LABELS3)),
    dict(case_id="mbart-tiny-qa", model_type="mbart", architecture="MBartForQuestionAnswering",
         source="question answering (always 2 outputs)", config=dict(TINY, num_labels=5)),
    dict(case_id="mbart-tiny-causal", model_type="mbart", architecture="MBartForCausalLM",
         source="decoder only, lm_head tied to the decoder's embed_tokens", config=dict(TINY)),
    dict(case_id="mbart-tiny-causal-untied", model_type="mbart", architecture="MBartForCausalLM",
         source="decoder only, untied lm_head", config=dict(TINY, tie_word_embeddings=False)),
]
