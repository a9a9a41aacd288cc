"""BART: defaults, bart-base / bart-large (published as BartModel), bart-large-cnn and bart-large-mnli,
every head, the attribute_map aliases, and untied embeddings."""

TINY = dict(vocab_size=128, max_position_embeddings=32, d_model=64, encoder_layers=2, decoder_layers=2,
            encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=96, decoder_ffn_dim=96)
LABELS3 = {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}


def large(**overrides):
    """The shape keys facebook/bart-large's config.json holds (generation settings left out)."""
    config = dict(activation_dropout=0.1, activation_function="gelu", add_bias_logits=False,
                  add_final_layer_norm=False, attention_dropout=0.1, bos_token_id=0, classif_dropout=0.1,
                  classifier_dropout=0.0, d_model=1024, decoder_attention_heads=16, decoder_ffn_dim=4096,
                  decoder_layerdrop=0.0, decoder_layers=12, decoder_start_token_id=2, dropout=0.1,
                  encoder_attention_heads=16, encoder_ffn_dim=4096, encoder_layerdrop=0.0, encoder_layers=12,
                  eos_token_id=2, forced_eos_token_id=2, gradient_checkpointing=False, id2label=LABELS3,
                  label2id={v: int(k) for k, v in LABELS3.items()}, init_std=0.02, is_encoder_decoder=True,
                  max_position_embeddings=1024, normalize_before=False, num_hidden_layers=12, pad_token_id=1,
                  scale_embedding=False, transformers_version="4.12.0.dev0", use_cache=True, vocab_size=50265)
    config.update(overrides)
    return config


MNLI = {"0": "contradiction", "1": "neutral", "2": "entailment"}

CASES = [
    dict(case_id="bart-defaults", model_type="bart", config={}, architecture="BartForConditionalGeneration",
         source="BartConfig() defaults", expected_params=406291456),
    dict(case_id="bart-large", model_type="bart", architecture="BartModel",
         source="facebook/bart-large config.json (generation settings left out)", expected_params=406291456,
         config=large()),
    dict(case_id="bart-base", model_type="bart", architecture="BartModel",
         source="facebook/bart-base config.json (generation settings left out)", expected_params=139420416,
         config=large(d_model=768, decoder_attention_heads=12, decoder_ffn_dim=3072, decoder_layers=6,
                      encoder_attention_heads=12, encoder_ffn_dim=3072, encoder_layers=6, num_hidden_layers=6,
                      normalize_embedding=True, torch_dtype="float32")),
    dict(case_id="bart-large-cnn", model_type="bart", architecture="BartForConditionalGeneration",
         source="facebook/bart-large-cnn config.json (generation settings left out)",
         config=large(activation_dropout=0.0, attention_dropout=0.0, classif_dropout=0.0, forced_bos_token_id=0,
                      output_past=True, prefix=" ", transformers_version="4.7.0.dev0", vocab_size=50264)),
    dict(case_id="bart-large-mnli", model_type="bart", architecture="BartForSequenceClassification",
         source="facebook/bart-large-mnli config.json (labels from id2label)",
         config=large(id2label=MNLI, label2id={v: int(k) for k, v in MNLI.items()}, output_past=False)),
    dict(case_id="bart-tiny-untied", model_type="bart", architecture="BartForConditionalGeneration",
         source="tie_word_embeddings false: shared, both embed_tokens and lm_head apart; asymmetric stacks",
         config=dict(TINY, tie_word_embeddings=False, decoder_layers=3, decoder_ffn_dim=80,
                     decoder_attention_heads=2)),
    dict(case_id="bart-tiny-aliases", model_type="bart", architecture="BartForConditionalGeneration",
         source="attribute_map aliases win over d_model, encoder_layers, encoder_attention_heads",
         config=dict(TINY, hidden_size=48, num_hidden_layers=3, num_attention_heads=3, decoder_attention_heads=3)),
    dict(case_id="bart-tiny-model", model_type="bart", architecture="BartModel", source="base model",
         config=dict(TINY)),
    dict(case_id="bart-tiny-model-untied", model_type="bart", architecture="BartModel",
         source="base model, tie_word_embeddings false", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="bart-tiny-seqcls", model_type="bart", architecture="BartForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="bart-tiny-seqcls-default", model_type="bart", architecture="BartForSequenceClassification",
         source="sequence classification with BartConfig's default of 3 labels", config=dict(TINY)),
    dict(case_id="bart-tiny-qa", model_type="bart", architecture="BartForQuestionAnswering",
         source="question answering (always 2 outputs)", config=dict(TINY, num_labels=5)),
    dict(case_id="bart-tiny-causal", model_type="bart", architecture="BartForCausalLM",
         source="decoder only, lm_head tied to the decoder's embed_tokens", config=dict(TINY)),
    dict(case_id="bart-tiny-causal-untied", model_type="bart", architecture="BartForCausalLM",
         source="decoder only, untied lm_head", config=dict(TINY, tie_word_embeddings=False)),
]
