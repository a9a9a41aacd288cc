"""DistilBERT: defaults, distilbert-base-uncased and two fine-tuned configs as published, every
head, and every option the template reads (untied projector, the hidden_size/num_* aliases,
sinusoidal positions, which change no shape)."""

TINY = dict(vocab_size=128, dim=64, n_layers=2, n_heads=4, hidden_dim=96, max_position_embeddings=32)


def published(**overrides):
    """The keys distilbert/distilbert-base-uncased's config.json holds, with per-model overrides."""
    config = dict(activation="gelu", attention_dropout=0.1, dim=768, dropout=0.1, hidden_dim=3072,
                  initializer_range=0.02, max_position_embeddings=512, n_heads=12, n_layers=6, pad_token_id=0,
                  qa_dropout=0.1, seq_classif_dropout=0.2, sinusoidal_pos_embds=False, tie_weights_=True,
                  transformers_version="4.10.0.dev0", vocab_size=30522)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="distilbert-defaults", model_type="distilbert", config={}, architecture="DistilBertForMaskedLM",
         source="DistilBertConfig() defaults"),
    dict(case_id="distilbert-base-uncased", model_type="distilbert", architecture="DistilBertForMaskedLM",
         source="distilbert/distilbert-base-uncased config.json", expected_params=66985530,
         config=published()),
    dict(case_id="distilbert-base-uncased-model", model_type="distilbert", architecture="DistilBertModel",
         source="distilbert/distilbert-base-uncased config.json as DistilBertModel", expected_params=66362880,
         config=published()),
    dict(case_id="distilbert-base-uncased-sst2", model_type="distilbert",
         architecture="DistilBertForSequenceClassification",
         source="distilbert/distilbert-base-uncased-finetuned-sst-2-english config.json (labels from id2label)",
         expected_params=66955010,
         config=published(finetuning_task="sst-2", id2label={"0": "NEGATIVE", "1": "POSITIVE"},
                          label2id={"NEGATIVE": 0, "POSITIVE": 1}, output_past=True)),
    dict(case_id="distilbert-base-cased-squad", model_type="distilbert", architecture="DistilBertForQuestionAnswering",
         source="distilbert/distilbert-base-cased-distilled-squad config.json",
         config=published(output_hidden_states=False, output_past=True, vocab_size=28996)),
    dict(case_id="distilbert-tiny-untied", model_type="distilbert", architecture="DistilBertForMaskedLM",
         source="tie_word_embeddings false: vocab_projector weight stored apart",
         config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="distilbert-tiny-aliases", model_type="distilbert", architecture="DistilBertForMaskedLM",
         source="sizes given by their attribute_map aliases hidden_size, num_hidden_layers, num_attention_heads;"
                " sinusoidal positions",
         config=dict(vocab_size=128, hidden_size=48, num_hidden_layers=3, num_attention_heads=6, hidden_dim=80,
                     max_position_embeddings=24, sinusoidal_pos_embds=True)),
    dict(case_id="distilbert-tiny-model", model_type="distilbert", architecture="DistilBertModel",
         source="base model", config=dict(TINY)),
    dict(case_id="distilbert-tiny-seqcls", model_type="distilbert", architecture="DistilBertForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="distilbert-tiny-choice", model_type="distilbert", architecture="DistilBertForMultipleChoice",
         source="multiple choice (one logit per choice)", config=dict(TINY, num_labels=5)),
    dict(case_id="distilbert-tiny-tokcls", model_type="distilbert", architecture="DistilBertForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="distilbert-tiny-qa", model_type="distilbert", architecture="DistilBertForQuestionAnswering",
         source="question answering", config=dict(TINY)),
]
