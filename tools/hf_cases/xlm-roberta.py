"""XLM-RoBERTa: defaults, xlm-roberta-base and xlm-roberta-large as published, a fine-tuned
sentiment classifier, every head, and every option the template reads (cross-attention,
untied decoder, type vocab)."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96,
            max_position_embeddings=34)


def published(**overrides):
    """The keys FacebookAI/xlm-roberta-base's config.json holds, with per-model overrides."""
    config = dict(attention_probs_dropout_prob=0.1, bos_token_id=0, eos_token_id=2, hidden_act="gelu",
                  hidden_dropout_prob=0.1, hidden_size=768, initializer_range=0.02, intermediate_size=3072,
                  layer_norm_eps=1e-05, max_position_embeddings=514, num_attention_heads=12, num_hidden_layers=12,
                  output_past=True, pad_token_id=1, position_embedding_type="absolute",
                  transformers_version="4.17.0.dev0", type_vocab_size=1, use_cache=True, vocab_size=250002)
    config.update(overrides)
    return config


SENTIMENT = ["negative", "neutral", "positive"]

CASES = [
    dict(case_id="xlm-roberta-defaults", model_type="xlm-roberta", config={}, architecture="XLMRobertaForMaskedLM",
         source="XLMRobertaConfig() defaults"),
    dict(case_id="xlm-roberta-base", model_type="xlm-roberta", architecture="XLMRobertaForMaskedLM",
         source="FacebookAI/xlm-roberta-base config.json", expected_params=278295186,
         config=published()),
    dict(case_id="xlm-roberta-large", model_type="xlm-roberta", architecture="XLMRobertaForMaskedLM",
         source="FacebookAI/xlm-roberta-large config.json", expected_params=560142482,
         config=published(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24)),
    dict(case_id="xlm-roberta-base-sentiment", model_type="xlm-roberta",
         architecture="XLMRobertaForSequenceClassification",
         source="cardiffnlp/twitter-xlm-roberta-base-sentiment config.json (labels from id2label)",
         config=dict(published(gradient_checkpointing=False, torch_dtype="float32",
                               transformers_version="4.6.0.dev0"),
                     id2label={str(i): label for i, label in enumerate(SENTIMENT)},
                     label2id={label: i for i, label in enumerate(SENTIMENT)})),
    dict(case_id="xlm-roberta-tiny-untied", model_type="xlm-roberta", architecture="XLMRobertaForMaskedLM",
         source="tie_word_embeddings false: decoder weight and bias stored apart",
         config=dict(TINY, tie_word_embeddings=False, type_vocab_size=1)),
    dict(case_id="xlm-roberta-tiny-causal", model_type="xlm-roberta", architecture="XLMRobertaForCausalLM",
         source="decoder", config=dict(TINY, is_decoder=True, type_vocab_size=3)),
    dict(case_id="xlm-roberta-tiny-causal-cross", model_type="xlm-roberta", architecture="XLMRobertaForCausalLM",
         source="decoder with cross-attention", config=dict(TINY, is_decoder=True, add_cross_attention=True)),
    dict(case_id="xlm-roberta-tiny-causal-untied", model_type="xlm-roberta", architecture="XLMRobertaForCausalLM",
         source="decoder, tie_word_embeddings false", config=dict(TINY, is_decoder=True, tie_word_embeddings=False)),
    dict(case_id="xlm-roberta-tiny-model", model_type="xlm-roberta", architecture="XLMRobertaModel",
         source="base model", config=dict(TINY)),
    dict(case_id="xlm-roberta-tiny-seqcls", model_type="xlm-roberta", architecture="XLMRobertaForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="xlm-roberta-tiny-choice", model_type="xlm-roberta", architecture="XLMRobertaForMultipleChoice",
         source="multiple choice (one logit per choice)", config=dict(TINY, num_labels=5)),
    dict(case_id="xlm-roberta-tiny-tokcls", model_type="xlm-roberta", architecture="XLMRobertaForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="xlm-roberta-tiny-qa", model_type="xlm-roberta", architecture="XLMRobertaForQuestionAnswering",
         source="question answering", config=dict(TINY)),
]
