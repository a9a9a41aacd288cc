"""ELECTRA: defaults (ELECTRA-small), the small/base/large discriminators and the base generator as
published, every head, and every option the template reads (embedding_size equal to or apart from
hidden_size, untied generator head, cross-attention, heads not dividing hidden_size, the multiple
choice summary projection)."""

TINY = dict(vocab_size=128, embedding_size=32, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
            intermediate_size=96, max_position_embeddings=32)


def published(**overrides):
    """The keys google/electra-small-discriminator's config.json holds, with per-model overrides."""
    config = dict(attention_probs_dropout_prob=0.1, embedding_size=128, hidden_act="gelu", hidden_dropout_prob=0.1,
                  hidden_size=256, initializer_range=0.02, intermediate_size=1024, layer_norm_eps=1e-12,
                  max_position_embeddings=512, num_attention_heads=4, num_hidden_layers=12, pad_token_id=0,
                  type_vocab_size=2, vocab_size=30522)
    config.update(overrides)
    return config


BASE = dict(embedding_size=768, hidden_size=768, intermediate_size=3072, num_attention_heads=12)

CASES = [
    dict(case_id="electra-defaults", model_type="electra", config={}, architecture="ElectraForPreTraining",
         source="ElectraConfig() defaults"),
    dict(case_id="electra-small-discriminator", model_type="electra", architecture="ElectraForPreTraining",
         source="google/electra-small-discriminator config.json", config=published()),
    dict(case_id="electra-base-discriminator", model_type="electra", architecture="ElectraForPreTraining",
         source="google/electra-base-discriminator config.json", config=published(**BASE)),
    dict(case_id="electra-large-discriminator", model_type="electra", architecture="ElectraForPreTraining",
         source="google/electra-large-discriminator config.json",
         config=published(embedding_size=1024, hidden_size=1024, intermediate_size=4096, num_attention_heads=16,
                          num_hidden_layers=24)),
    dict(case_id="electra-base-generator", model_type="electra", architecture="ElectraForMaskedLM",
         source="google/electra-base-generator config.json",
         config=published(embedding_size=768, hidden_size=256, intermediate_size=1024, num_attention_heads=4)),
    dict(case_id="electra-base-discriminator-model", model_type="electra", architecture="ElectraModel",
         source="google/electra-base-discriminator config.json as ElectraModel", config=published(**BASE)),
    dict(case_id="electra-tiny-untied", model_type="electra", architecture="ElectraForMaskedLM",
         source="tie_word_embeddings false: generator_lm_head weight stored apart",
         config=dict(TINY, tie_word_embeddings=False, type_vocab_size=3)),
    dict(case_id="electra-tiny-equal-width", model_type="electra", architecture="ElectraForMaskedLM",
         source="embedding_size == hidden_size: no embeddings_project", config=dict(TINY, embedding_size=64)),
    dict(case_id="electra-tiny-causal", model_type="electra", architecture="ElectraForCausalLM",
         source="decoder", config=dict(TINY, is_decoder=True)),
    dict(case_id="electra-tiny-causal-cross", model_type="electra", architecture="ElectraForCausalLM",
         source="decoder with cross-attention", config=dict(TINY, is_decoder=True, add_cross_attention=True)),
    dict(case_id="electra-tiny-causal-untied", model_type="electra", architecture="ElectraForCausalLM",
         source="decoder, untied, embedding_size == hidden_size",
         config=dict(TINY, is_decoder=True, tie_word_embeddings=False, embedding_size=64)),
    dict(case_id="electra-tiny-model", model_type="electra", architecture="ElectraModel", source="base model",
         config=dict(TINY)),
    dict(case_id="electra-tiny-model-odd-heads", model_type="electra", architecture="ElectraModel",
         source="6 heads on hidden_size 64: query/key/value have 6 * 10 = 60 outputs",
         config=dict(TINY, num_attention_heads=6)),
    dict(case_id="electra-tiny-seqcls", model_type="electra", architecture="ElectraForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="electra-tiny-choice", model_type="electra", architecture="ElectraForMultipleChoice",
         source="multiple choice (summary projection to hidden_size, one logit per choice)",
         config=dict(TINY, num_labels=5)),
    dict(case_id="electra-tiny-choice-proj-labels", model_type="electra", architecture="ElectraForMultipleChoice",
         source="multiple choice, summary_proj_to_labels: the summary projects to num_labels",
         config=dict(TINY, num_labels=5, summary_proj_to_labels=True)),
    dict(case_id="electra-tiny-choice-no-proj", model_type="electra", architecture="ElectraForMultipleChoice",
         source="multiple choice, summary_use_proj false: no summary projection",
         config=dict(TINY, summary_use_proj=False)),
    dict(case_id="electra-tiny-tokcls", model_type="electra", architecture="ElectraForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="electra-tiny-qa", model_type="electra", architecture="ElectraForQuestionAnswering",
         source="question answering", config=dict(TINY)),
]
