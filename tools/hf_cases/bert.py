"""BERT: defaults, bert-base-uncased and bert-large-uncased as published, a fine-tuned NER config,
every head, and every option the template reads (cross-attention, untied decoder, type vocab)."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96,
            max_position_embeddings=32)

BERT_BASE_UNCASED = dict(  # google-bert/bert-base-uncased config.json
    attention_probs_dropout_prob=0.1, gradient_checkpointing=False, hidden_act="gelu", hidden_dropout_prob=0.1,
    hidden_size=768, initializer_range=0.02, intermediate_size=3072, layer_norm_eps=1e-12,
    max_position_embeddings=512, num_attention_heads=12, num_hidden_layers=12, pad_token_id=0,
    position_embedding_type="absolute", transformers_version="4.6.0.dev0", type_vocab_size=2, use_cache=True,
    vocab_size=30522)

NER_LABELS = ["O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]

CASES = [
    dict(case_id="bert-defaults", model_type="bert", config={}, architecture="BertForMaskedLM",
         source="BertConfig() defaults", expected_params=109514298),
    dict(case_id="bert-base-uncased", model_type="bert", architecture="BertForMaskedLM",
         source="google-bert/bert-base-uncased config.json", expected_params=109514298, config=BERT_BASE_UNCASED),
    dict(case_id="bert-base-uncased-model", model_type="bert", architecture="BertModel",
         source="google-bert/bert-base-uncased config.json as BertModel (with pooler)", expected_params=109482240,
         config=BERT_BASE_UNCASED),
    dict(case_id="bert-large-uncased", model_type="bert", architecture="BertForMaskedLM",
         source="google-bert/bert-large-uncased config.json",
         config=dict(attention_probs_dropout_prob=0.1, gradient_checkpointing=False, hidden_act="gelu",
                     hidden_dropout_prob=0.1, hidden_size=1024, initializer_range=0.02, intermediate_size=4096,
                     layer_norm_eps=1e-12, max_position_embeddings=512, num_attention_heads=16,
                     num_hidden_layers=24, pad_token_id=0, position_embedding_type="absolute",
                     transformers_version="4.6.0.dev0", type_vocab_size=2, use_cache=True, vocab_size=30522)),
    dict(case_id="bert-base-ner", model_type="bert", architecture="BertForTokenClassification",
         source="dslim/bert-base-NER config.json (labels from id2label)",
         config=dict(attention_probs_dropout_prob=0.1, hidden_act="gelu", hidden_dropout_prob=0.1, hidden_size=768,
                     id2label={str(i): label for i, label in enumerate(NER_LABELS)},
                     label2id={label: i for i, label in enumerate(NER_LABELS)},
                     initializer_range=0.02, intermediate_size=3072, layer_norm_eps=1e-12,
                     max_position_embeddings=512, num_attention_heads=12, num_hidden_layers=12, output_past=True,
                     pad_token_id=0, type_vocab_size=2, vocab_size=28996)),
    dict(case_id="bert-tiny-untied", model_type="bert", architecture="BertForMaskedLM",
         source="tie_word_embeddings false: decoder weight and bias stored apart",
         config=dict(TINY, tie_word_embeddings=False, type_vocab_size=3)),
    dict(case_id="bert-tiny-lmhead-cross", model_type="bert", architecture="BertLMHeadModel",
         source="decoder with cross-attention", config=dict(TINY, is_decoder=True, add_cross_attention=True)),
    dict(case_id="bert-tiny-model", model_type="bert", architecture="BertModel", source="base model",
         config=dict(TINY)),
    dict(case_id="bert-tiny-pretraining", model_type="bert", architecture="BertForPreTraining",
         source="MLM + NSP heads", config=dict(TINY)),
    dict(case_id="bert-tiny-nsp", model_type="bert", architecture="BertForNextSentencePrediction",
         source="NSP head", config=dict(TINY)),
    dict(case_id="bert-tiny-seqcls", model_type="bert", architecture="BertForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="bert-tiny-choice", model_type="bert", architecture="BertForMultipleChoice",
         source="multiple choice (one logit per choice)", config=dict(TINY, num_labels=5)),
    dict(case_id="bert-tiny-tokcls", model_type="bert", architecture="BertForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="bert-tiny-qa", model_type="bert", architecture="BertForQuestionAnswering",
         source="question answering", config=dict(TINY)),
]
