"""RoBERTa: defaults, roberta-base and roberta-large as published, a fine-tuned sentiment classifier,
every head, and every option the template reads (cross-attention, untied decoder, type vocab)."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96,
            max_position_embeddings=34)


def published(**overrides):
    """The keys FacebookAI/roberta-base's config.json holds, with per-model overrides."""
    config = dict(attention_probs_dropout_prob=0.1, bos_token_id=0, eos_token_id=2, hidden_act="gelu",
                  hidden_dropout_prob=0.1, hidden_size=768, initializer_range=0.02, intermediate_size=3072,
                  layer_norm_eps=1e-05, max_position_embeddings=514, num_attention_heads=12, num_hidden_layers=12,
                  pad_token_id=1, type_vocab_size=1, vocab_size=50265)
    config.update(overrides)
    return config


SENTIMENT = ["negative", "neutral", "positive"]

CASES = [
    dict(case_id="roberta-defaults", model_type="roberta", config={}, architecture="RobertaForMaskedLM",
         source="RobertaConfig() defaults"),
    dict(case_id="roberta-base", model_type="roberta", architecture="RobertaForMaskedLM",
         source="FacebookAI/roberta-base config.json", expected_params=124697433, config=published()),
    dict(case_id="roberta-large", model_type="roberta", architecture="RobertaForMaskedLM",
         source="FacebookAI/roberta-large config.json", expected_params=355412057,
         config=published(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24)),
    dict(case_id="roberta-base-sentiment", model_type="roberta", architecture="RobertaForSequenceClassification",
         source="cardiffnlp/twitter-roberta-base-sentiment-latest config.json (labels from id2label)",
         config=published(gradient_checkpointing=False, position_embedding_type="absolute",
                          id2label={str(i): label for i, label in enumerate(SENTIMENT)},
                          label2id={label: i for i, label in enumerate(SENTIMENT)},
                          torch_dtype="float32", transformers_version="4.13.0.dev0", use_cache=True)),
    dict(case_id="roberta-tiny-untied", model_type="roberta", architecture="RobertaForMaskedLM",
         source="tie_word_embeddings false: decoder weight and bias stored apart",
         config=dict(TINY, tie_word_embeddings=False, type_vocab_size=1)),
    dict(case_id="roberta-tiny-causal-cross", model_type="roberta", architecture="RobertaForCausalLM",
         source="decoder with cross-attention", config=dict(TINY, is_decoder=True, add_cross_attention=True)),
    dict(case_id="roberta-tiny-model", model_type="roberta", architecture="RobertaModel", source="base model",
         config=dict(TINY)),
    dict(case_id="roberta-tiny-seqcls", model_type="roberta", architecture="RobertaForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="roberta-tiny-choice", model_type="roberta", architecture="RobertaForMultipleChoice",
         source="multiple choice (one logit per choice)", config=dict(TINY, num_labels=5)),
    dict(case_id="roberta-tiny-tokcls", model_type="roberta", architecture="RobertaForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="roberta-tiny-qa", model_type="roberta", architecture="RobertaForQuestionAnswering",
         source="question answering", config=dict(TINY)),
]
