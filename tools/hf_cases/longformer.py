"""Longformer: defaults, allenai/longformer-base-4096 and -large-4096 as published, every head, and every
option the template reads (untied decoder, type vocab, attention_window as an int or a list)."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96,
            max_position_embeddings=34, attention_window=8)


def published(layers=12, **overrides):
    """The keys allenai/longformer-base-4096's config.json holds, with per-model overrides."""
    config = dict(attention_mode="longformer", attention_probs_dropout_prob=0.1, attention_window=[512] * layers,
                  bos_token_id=0, eos_token_id=2, gradient_checkpointing=False, hidden_act="gelu",
                  hidden_dropout_prob=0.1, hidden_size=768, ignore_attention_mask=False, initializer_range=0.02,
                  intermediate_size=3072, layer_norm_eps=1e-05, max_position_embeddings=4098,
                  num_attention_heads=12, num_hidden_layers=layers, pad_token_id=1, sep_token_id=2,
                  type_vocab_size=1, vocab_size=50265)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="longformer-defaults", model_type="longformer", config={}, architecture="LongformerForMaskedLM",
         source="LongformerConfig() defaults"),
    dict(case_id="longformer-base-4096", model_type="longformer", architecture="LongformerForMaskedLM",
         source="allenai/longformer-base-4096 config.json", config=published()),
    dict(case_id="longformer-large-4096", model_type="longformer", architecture="LongformerForMaskedLM",
         source="allenai/longformer-large-4096 config.json",
         config=published(layers=24, hidden_size=1024, intermediate_size=4096, num_attention_heads=16)),
    dict(case_id="longformer-tiny-untied", model_type="longformer", architecture="LongformerForMaskedLM",
         source="tie_word_embeddings false: decoder weight and bias stored apart; one window per layer",
         config=dict(TINY, tie_word_embeddings=False, type_vocab_size=1, attention_window=[4, 8])),
    dict(case_id="longformer-tiny-model", model_type="longformer", architecture="LongformerModel",
         source="base model (with pooler)", config=dict(TINY)),
    dict(case_id="longformer-tiny-seqcls", model_type="longformer", architecture="LongformerForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="longformer-tiny-choice", model_type="longformer", architecture="LongformerForMultipleChoice",
         source="multiple choice (pooler, one logit per choice)", config=dict(TINY, num_labels=5)),
    dict(case_id="longformer-tiny-tokcls", model_type="longformer", architecture="LongformerForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="longformer-tiny-qa", model_type="longformer", architecture="LongformerForQuestionAnswering",
         source="question answering (num_labels outputs)", config=dict(TINY, num_labels=3)),
]
