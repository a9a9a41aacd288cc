"""MPNet: defaults, microsoft/mpnet-base and sentence-transformers/all-mpnet-base-v2 as published,
every head, and every option the template reads (untied decoder, relative attention buckets)."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96,
            max_position_embeddings=32)

MPNET_BASE = dict(  # microsoft/mpnet-base config.json
    attention_probs_dropout_prob=0.1, bos_token_id=0, eos_token_id=2, hidden_act="gelu", hidden_dropout_prob=0.1,
    hidden_size=768, initializer_range=0.02, intermediate_size=3072, layer_norm_eps=1e-05,
    max_position_embeddings=514, num_attention_heads=12, num_hidden_layers=12, pad_token_id=1,
    relative_attention_num_buckets=32, vocab_size=30527)

CASES = [
    dict(case_id="mpnet-defaults", model_type="mpnet", config={}, architecture="MPNetForMaskedLM",
         source="MPNetConfig() defaults"),
    dict(case_id="mpnet-base", model_type="mpnet", architecture="MPNetForMaskedLM",
         source="microsoft/mpnet-base config.json", config=MPNET_BASE),
    dict(case_id="mpnet-all-mpnet-base-v2", model_type="mpnet", architecture="MPNetModel",
         source="sentence-transformers/all-mpnet-base-v2 config.json (used as MPNetModel)",
         config=dict(MPNET_BASE, transformers_version="4.8.2")),
    dict(case_id="mpnet-tiny-untied", model_type="mpnet", architecture="MPNetForMaskedLM",
         source="tie_word_embeddings false, 16 buckets",
         config=dict(TINY, tie_word_embeddings=False, relative_attention_num_buckets=16)),
    dict(case_id="mpnet-tiny-model", model_type="mpnet", architecture="MPNetModel", source="base model",
         config=dict(TINY)),
    dict(case_id="mpnet-tiny-seqcls", model_type="mpnet", architecture="MPNetForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="mpnet-tiny-choice", model_type="mpnet", architecture="MPNetForMultipleChoice",
         source="multiple choice (pooler, one logit per choice)", config=dict(TINY, num_labels=5)),
    dict(case_id="mpnet-tiny-tokcls", model_type="mpnet", architecture="MPNetForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="mpnet-tiny-qa", model_type="mpnet", architecture="MPNetForQuestionAnswering",
         source="question answering", config=dict(TINY)),
]
