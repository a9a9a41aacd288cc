"""MobileBERT: defaults, google/mobilebert-uncased as published, a SQuAD v2 fine-tune, every head,
and every option the template reads (normalization_type, trigram_input, use_bottleneck,
use_bottleneck_attention, key_query_shared_bottleneck, num_feedforward_networks, classifier_activation,
tie_word_embeddings, head size floored)."""

TINY = dict(vocab_size=100, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=48,
            max_position_embeddings=40, embedding_size=16, intra_bottleneck_size=32)


def published(**overrides):
    """The keys google/mobilebert-uncased's config.json holds, with per-model overrides."""
    config = dict(attention_probs_dropout_prob=0.1, classifier_activation=False, embedding_size=128,
                  hidden_act="relu", hidden_dropout_prob=0.0, hidden_size=512, initializer_range=0.02,
                  intermediate_size=512, intra_bottleneck_size=128, key_query_shared_bottleneck=True,
                  layer_norm_eps=1e-12, max_position_embeddings=512, model_type="mobilebert",
                  normalization_type="no_norm", num_attention_heads=4, num_feedforward_networks=4,
                  num_hidden_layers=24, pad_token_id=0, trigram_input=True, true_hidden_size=128,
                  type_vocab_size=2, use_bottleneck=True, use_bottleneck_attention=False, vocab_size=30522)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="mobilebert-defaults", model_type="mobilebert", config={}, architecture="MobileBertForPreTraining",
         source="MobileBertConfig() defaults"),
    dict(case_id="mobilebert-uncased", model_type="mobilebert", architecture="MobileBertForPreTraining",
         source="google/mobilebert-uncased config.json", config=published()),
    dict(case_id="mobilebert-uncased-mlm", model_type="mobilebert", architecture="MobileBertForMaskedLM",
         source="google/mobilebert-uncased config.json as MobileBertForMaskedLM", config=published()),
    dict(case_id="mobilebert-uncased-squad-v2", model_type="mobilebert", architecture="MobileBertForQuestionAnswering",
         source="csarron/mobilebert-uncased-squad-v2 config.json",
         config=published(architectures=["MobileBertForQuestionAnswering"])),
    dict(case_id="mobilebert-tiny-layernorm", model_type="mobilebert", architecture="MobileBertForPreTraining",
         source="normalization_type layer_norm, pooler with classifier_activation",
         config=dict(TINY, normalization_type="layer_norm", classifier_activation=True)),
    dict(case_id="mobilebert-tiny-options", model_type="mobilebert", architecture="MobileBertForPreTraining",
         source="no trigram input, bottleneck attention (value reads the bottleneck), no shared key/query "
                "bottleneck, one FFN, head size floored (34 // 4)",
         config=dict(TINY, trigram_input=False, use_bottleneck_attention=True, key_query_shared_bottleneck=False,
                     num_feedforward_networks=1, intra_bottleneck_size=34)),
    dict(case_id="mobilebert-tiny-no-bottleneck", model_type="mobilebert", architecture="MobileBertForMaskedLM",
         source="use_bottleneck false: layers at hidden_size, no bottleneck modules, two FFNs",
         config=dict(TINY, use_bottleneck=False, num_feedforward_networks=2, num_attention_heads=5)),
    dict(case_id="mobilebert-tiny-untied", model_type="mobilebert", architecture="MobileBertForMaskedLM",
         source="tie_word_embeddings false: decoder weight and bias stored apart",
         config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="mobilebert-tiny-pretraining-untied", model_type="mobilebert", architecture="MobileBertForPreTraining",
         source="pre-training heads, tie_word_embeddings false",
         config=dict(TINY, tie_word_embeddings=False, classifier_activation=False)),
    dict(case_id="mobilebert-tiny-model", model_type="mobilebert", architecture="MobileBertModel",
         source="base model with pooler", config=dict(TINY)),
    dict(case_id="mobilebert-tiny-model-nopool", model_type="mobilebert", architecture="MobileBertModel",
         source="base model, classifier_activation false: pooler without tensors",
         config=dict(TINY, classifier_activation=False)),
    dict(case_id="mobilebert-tiny-nsp", model_type="mobilebert", architecture="MobileBertForNextSentencePrediction",
         source="next sentence prediction", config=dict(TINY)),
    dict(case_id="mobilebert-tiny-seqcls", model_type="mobilebert", architecture="MobileBertForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="mobilebert-tiny-choice", model_type="mobilebert", architecture="MobileBertForMultipleChoice",
         source="multiple choice (one logit per choice)", config=dict(TINY, num_labels=5)),
    dict(case_id="mobilebert-tiny-tokcls", model_type="mobilebert", architecture="MobileBertForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="mobilebert-tiny-qa", model_type="mobilebert", architecture="MobileBertForQuestionAnswering",
         source="question answering", config=dict(TINY)),
    dict(case_id="mobilebert-true-hidden-size-model", model_type="mobilebert", architecture="MobileBertModel",
         source="issue 13: a true_hidden_size in config.json wins over the derived one (intra_bottleneck_size);"
                " the bottleneck layers still produce intra_bottleneck_size",
         config=dict(true_hidden_size=16), expected_params=9_872_384),
    dict(case_id="mobilebert-tiny-true-hidden-size", model_type="mobilebert", architecture="MobileBertForPreTraining",
         source="true_hidden_size given without a bottleneck (it replaces hidden_size inside each layer), layer_norm",
         config=dict(TINY, use_bottleneck=False, true_hidden_size=40, normalization_type="layer_norm",
                     use_bottleneck_attention=True)),
]
