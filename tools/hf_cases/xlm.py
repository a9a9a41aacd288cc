"""XLM: defaults, xlm-mlm-en-2048, xlm-mlm-enfr-1024 and xlm-mlm-100-1280 as published, every head,
and every option the template reads (language embeddings, untied projection, sequence summary)."""

TINY = dict(vocab_size=128, emb_dim=64, n_layers=2, n_heads=4, max_position_embeddings=32)

MLM_EN_2048 = dict(  # FacebookAI/xlm-mlm-en-2048 config.json
    attention_dropout=0.1, bos_index=0, dropout=0.1, emb_dim=2048, embed_init_std=0.02209708691207961, end_n_top=5,
    eos_index=1, gelu_activation=True, init_std=0.02, is_encoder=True, layer_norm_eps=1e-12, mask_index=5,
    max_position_embeddings=512, max_vocab=-1, min_count=0, n_heads=16, n_langs=1, n_layers=12, pad_index=2,
    sinusoidal_embeddings=False, start_n_top=5, summary_type="first", summary_use_proj=True, unk_index=3,
    vocab_size=30145)

CASES = [
    dict(case_id="xlm-defaults", model_type="xlm", config={}, architecture="XLMWithLMHeadModel",
         source="XLMConfig() defaults"),
    dict(case_id="xlm-mlm-en-2048", model_type="xlm", architecture="XLMWithLMHeadModel",
         source="FacebookAI/xlm-mlm-en-2048 config.json", config=MLM_EN_2048),
    dict(case_id="xlm-mlm-en-2048-model", model_type="xlm", architecture="XLMModel",
         source="FacebookAI/xlm-mlm-en-2048 config.json as XLMModel", config=MLM_EN_2048),
    dict(case_id="xlm-mlm-enfr-1024", model_type="xlm", architecture="XLMWithLMHeadModel",
         source="FacebookAI/xlm-mlm-enfr-1024 config.json (two languages, language embeddings)",
         config=dict(MLM_EN_2048, emb_dim=1024, embed_init_std=0.03125, n_heads=8, n_langs=2, n_layers=6,
                     vocab_size=64139, id2lang={"0": "en", "1": "fr"}, lang2id={"en": 0, "fr": 1})),
    dict(case_id="xlm-mlm-100-1280", model_type="xlm", architecture="XLMWithLMHeadModel",
         source="FacebookAI/xlm-mlm-100-1280 config.json (100 languages, no language embeddings)",
         config=dict(MLM_EN_2048, emb_dim=1280, embed_init_std=0.02795084971874737, n_heads=16, n_langs=100,
                     n_layers=16, use_lang_emb=False, vocab_size=200000)),
    dict(case_id="xlm-tiny-untied-langs", model_type="xlm", architecture="XLMWithLMHeadModel",
         source="tie_word_embeddings false, 3 languages", config=dict(TINY, tie_word_embeddings=False, n_langs=3)),
    dict(case_id="xlm-tiny-model", model_type="xlm", architecture="XLMModel", source="base model",
         config=dict(TINY, n_langs=4, use_lang_emb=True, sinusoidal_embeddings=True, causal=True)),
    dict(case_id="xlm-tiny-seqcls", model_type="xlm", architecture="XLMForSequenceClassification",
         source="sequence classification (summary to labels)", config=dict(TINY, num_labels=5)),
    dict(case_id="xlm-tiny-seqcls-hidden", model_type="xlm", architecture="XLMForSequenceClassification",
         source="summary_proj_to_labels false: summary to emb_dim", config=dict(TINY, summary_proj_to_labels=False)),
    dict(case_id="xlm-tiny-seqcls-noproj", model_type="xlm", architecture="XLMForSequenceClassification",
         source="summary_use_proj false: no summary Linear", config=dict(TINY, summary_use_proj=False)),
    dict(case_id="xlm-tiny-choice", model_type="xlm", architecture="XLMForMultipleChoice",
         source="multiple choice (summary + logits_proj)", config=dict(TINY, num_labels=3)),
    dict(case_id="xlm-tiny-tokcls", model_type="xlm", architecture="XLMForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="xlm-tiny-qa-simple", model_type="xlm", architecture="XLMForQuestionAnsweringSimple",
         source="question answering (simple)", config=dict(TINY)),
    dict(case_id="xlm-tiny-qa", model_type="xlm", architecture="XLMForQuestionAnswering",
         source="question answering (SQuAD head)", config=dict(TINY)),
]
