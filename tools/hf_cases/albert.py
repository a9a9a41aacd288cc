"""ALBERT: defaults (xxlarge sizes), albert-base-v2, albert-large-v2 and albert-xxlarge-v2 as
published, every head, and every option the template reads (layer groups, inner groups, untied
decoder, embedding_size equal to hidden_size, heads not dividing hidden_size)."""

TINY = dict(vocab_size=128, embedding_size=32, hidden_size=64, num_hidden_layers=4, num_attention_heads=4,
            intermediate_size=96, max_position_embeddings=32)


def published(**overrides):
    """The keys albert/albert-base-v2's config.json holds, with per-model overrides."""
    config = dict(attention_probs_dropout_prob=0, bos_token_id=2, classifier_dropout_prob=0.1, down_scale_factor=1,
                  embedding_size=128, eos_token_id=3, gap_size=0, hidden_act="gelu_new", hidden_dropout_prob=0,
                  hidden_size=768, initializer_range=0.02, inner_group_num=1, intermediate_size=3072,
                  layer_norm_eps=1e-12, max_position_embeddings=512, net_structure_type=0, num_attention_heads=12,
                  num_hidden_groups=1, num_hidden_layers=12, num_memory_blocks=0, pad_token_id=0,
                  type_vocab_size=2, vocab_size=30000)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="albert-defaults", model_type="albert", config={}, architecture="AlbertForMaskedLM",
         source="AlbertConfig() defaults"),
    dict(case_id="albert-base-v2", model_type="albert", architecture="AlbertForMaskedLM",
         source="albert/albert-base-v2 config.json", config=published()),
    dict(case_id="albert-base-v2-model", model_type="albert", architecture="AlbertModel",
         source="albert/albert-base-v2 config.json as AlbertModel (with pooler)", expected_params=11683584,
         config=published()),
    dict(case_id="albert-large-v2", model_type="albert", architecture="AlbertForMaskedLM",
         source="albert/albert-large-v2 config.json",
         config=published(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24)),
    dict(case_id="albert-xxlarge-v2", model_type="albert", architecture="AlbertForMaskedLM",
         source="albert/albert-xxlarge-v2 config.json",
         config=published(hidden_act="gelu", hidden_size=4096, intermediate_size=16384, num_attention_heads=64,
                          num_hidden_layers=12)),
    dict(case_id="albert-tiny-groups", model_type="albert", architecture="AlbertForMaskedLM",
         source="2 layer groups of 3 inner layers (4 passes)",
         config=dict(TINY, num_hidden_groups=2, inner_group_num=3)),
    dict(case_id="albert-tiny-untied", model_type="albert", architecture="AlbertForMaskedLM",
         source="tie_word_embeddings false: decoder weight and bias stored apart",
         config=dict(TINY, tie_word_embeddings=False, type_vocab_size=3)),
    dict(case_id="albert-tiny-equal-width", model_type="albert", architecture="AlbertForPreTraining",
         source="embedding_size == hidden_size: embedding_hidden_mapping_in is still there",
         config=dict(TINY, embedding_size=64)),
    dict(case_id="albert-tiny-odd-heads", model_type="albert", architecture="AlbertModel",
         source="6 heads on hidden_size 64: query/key/value have 6 * 10 = 60 outputs",
         config=dict(TINY, num_attention_heads=6)),
    dict(case_id="albert-tiny-model", model_type="albert", architecture="AlbertModel", source="base model",
         config=dict(TINY)),
    dict(case_id="albert-tiny-pretraining", model_type="albert", architecture="AlbertForPreTraining",
         source="MLM + sentence-order heads", config=dict(TINY, num_labels=3)),
    dict(case_id="albert-tiny-seqcls", model_type="albert", architecture="AlbertForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="albert-tiny-choice", model_type="albert", architecture="AlbertForMultipleChoice",
         source="multiple choice (one logit per choice)", config=dict(TINY, num_labels=5)),
    dict(case_id="albert-tiny-tokcls", model_type="albert", architecture="AlbertForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="albert-tiny-qa", model_type="albert", architecture="AlbertForQuestionAnswering",
         source="question answering", config=dict(TINY)),
]
