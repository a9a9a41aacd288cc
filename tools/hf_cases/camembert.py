"""CamemBERT: defaults, camembert-base and camembert-large as published, distilcamembert, a NER
model and a sentiment classifier, every head, and every option the template reads
(cross-attention, untied decoder, type vocab)."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96,
            max_position_embeddings=34)


def published(**overrides):
    """The keys almanach/camembert-base's config.json holds, with per-model overrides."""
    config = dict(architectures=["CamembertForMaskedLM"], attention_probs_dropout_prob=0.1, bos_token_id=5,
                  eos_token_id=6, hidden_act="gelu", hidden_dropout_prob=0.1, hidden_size=768,
                  initializer_range=0.02, intermediate_size=3072, layer_norm_eps=1e-05,
                  max_position_embeddings=514, model_type="camembert", num_attention_heads=12,
                  num_hidden_layers=12, output_past=True, pad_token_id=1, type_vocab_size=1, vocab_size=32005)
    config.update(overrides)
    return config


NER = ["O", "I-LOC", "I-PER", "I-MISC", "I-ORG"]
STARS = ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]

CASES = [
    dict(case_id="camembert-defaults", model_type="camembert", config={}, architecture="CamembertForMaskedLM",
         source="CamembertConfig() defaults"),
    dict(case_id="camembert-base", model_type="camembert", architecture="CamembertForMaskedLM",
         source="almanach/camembert-base config.json", config=published()),
    dict(case_id="camembert-large", model_type="camembert", architecture="CamembertForMaskedLM",
         source="almanach/camembert-large config.json",
         config=published(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24)),
    dict(case_id="camembert-distil-base", model_type="camembert", architecture="CamembertForMaskedLM",
         source="cmarkea/distilcamembert-base config.json (6 layers)",
         config=published(num_hidden_layers=6, bos_token_id=0, eos_token_id=2)),
    dict(case_id="camembert-ner", model_type="camembert", architecture="CamembertForTokenClassification",
         source="Jean-Baptiste/camembert-ner config.json (labels from id2label)",
         config=published(architectures=["CamembertForTokenClassification"],
                          id2label={str(i): label for i, label in enumerate(NER)},
                          label2id={label: i for i, label in enumerate(NER)})),
    dict(case_id="camembert-distil-sentiment", model_type="camembert",
         architecture="CamembertForSequenceClassification",
         source="cmarkea/distilcamembert-base-sentiment config.json (labels from id2label)",
         config=published(architectures=["CamembertForSequenceClassification"], num_hidden_layers=6,
                          bos_token_id=0, eos_token_id=2,
                          id2label={str(i): label for i, label in enumerate(STARS)},
                          label2id={label: i for i, label in enumerate(STARS)})),
    dict(case_id="camembert-tiny-untied", model_type="camembert", architecture="CamembertForMaskedLM",
         source="tie_word_embeddings false: decoder weight and bias stored apart",
         config=dict(TINY, tie_word_embeddings=False, type_vocab_size=1)),
    dict(case_id="camembert-tiny-causal", model_type="camembert", architecture="CamembertForCausalLM",
         source="decoder", config=dict(TINY, is_decoder=True, type_vocab_size=3)),
    dict(case_id="camembert-tiny-causal-cross", model_type="camembert", architecture="CamembertForCausalLM",
         source="decoder with cross-attention", config=dict(TINY, is_decoder=True, add_cross_attention=True)),
    dict(case_id="camembert-tiny-causal-untied", model_type="camembert", architecture="CamembertForCausalLM",
         source="decoder, tie_word_embeddings false", config=dict(TINY, is_decoder=True, tie_word_embeddings=False)),
    dict(case_id="camembert-tiny-model", model_type="camembert", architecture="CamembertModel",
         source="base model", config=dict(TINY)),
    dict(case_id="camembert-tiny-seqcls", model_type="camembert", architecture="CamembertForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="camembert-tiny-choice", model_type="camembert", architecture="CamembertForMultipleChoice",
         source="multiple choice (one logit per choice)", config=dict(TINY, num_labels=5)),
    dict(case_id="camembert-tiny-tokcls", model_type="camembert", architecture="CamembertForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="camembert-tiny-qa", model_type="camembert", architecture="CamembertForQuestionAnswering",
         source="question answering", config=dict(TINY)),
]
