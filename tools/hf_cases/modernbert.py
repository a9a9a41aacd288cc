"""ModernBERT: defaults, ModernBERT-base and -large as published, every head, and every option the
template reads (biases, untied decoder, layer pattern, explicit layer_types)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=4, num_attention_heads=4,
            max_position_embeddings=64, pad_token_id=0, bos_token_id=1, eos_token_id=2, cls_token_id=1,
            sep_token_id=2)

BASE = dict(  # answerdotai/ModernBERT-base config.json
    architectures=["ModernBertForMaskedLM"], attention_bias=False, attention_dropout=0.0, bos_token_id=50281,
    classifier_activation="gelu", classifier_bias=False, classifier_dropout=0.0, classifier_pooling="mean",
    cls_token_id=50281, decoder_bias=True, deterministic_flash_attn=False, embedding_dropout=0.0,
    eos_token_id=50282, global_attn_every_n_layers=3, global_rope_theta=160000.0, gradient_checkpointing=False,
    hidden_activation="gelu", hidden_size=768, initializer_cutoff_factor=2.0, initializer_range=0.02,
    intermediate_size=1152, layer_norm_eps=1e-05, local_attention=128, local_rope_theta=10000.0,
    max_position_embeddings=8192, mlp_bias=False, mlp_dropout=0.0, model_type="modernbert", norm_bias=False,
    norm_eps=1e-05, num_attention_heads=12, num_hidden_layers=22, pad_token_id=50283, position_embedding_type="absolute",
    sep_token_id=50282, tie_word_embeddings=True, torch_dtype="float32", transformers_version="4.47.0.dev0",
    vocab_size=50368)
BASE = {k: v for k, v in BASE.items() if k not in ("architectures", "model_type")}

LARGE = dict(BASE, hidden_size=1024, intermediate_size=2624, num_attention_heads=16, num_hidden_layers=28)

CASES = [
    dict(case_id="modernbert-defaults", model_type="modernbert", config={}, architecture="ModernBertForMaskedLM",
         source="ModernBertConfig() defaults"),
    dict(case_id="modernbert-base", model_type="modernbert", architecture="ModernBertForMaskedLM",
         source="answerdotai/ModernBERT-base config.json", config=BASE),
    dict(case_id="modernbert-base-model", model_type="modernbert", architecture="ModernBertModel",
         source="answerdotai/ModernBERT-base config.json as ModernBertModel", config=BASE),
    dict(case_id="modernbert-large", model_type="modernbert", architecture="ModernBertForMaskedLM",
         source="answerdotai/ModernBERT-large config.json", config=LARGE),
    dict(case_id="modernbert-tiny-options", model_type="modernbert", architecture="ModernBertForMaskedLM",
         source="every bias on, untied decoder",
         config=dict(TINY, norm_bias=True, attention_bias=True, mlp_bias=True, classifier_bias=True,
                     tie_word_embeddings=False)),
    dict(case_id="modernbert-tiny-nodecbias", model_type="modernbert", architecture="ModernBertForMaskedLM",
         source="decoder_bias false, tied", config=dict(TINY, decoder_bias=False)),
    dict(case_id="modernbert-tiny-one-layer", model_type="modernbert", architecture="ModernBertModel",
         source="one layer: only full attention (one rotary buffer pair)", config=dict(TINY, num_hidden_layers=1)),
    dict(case_id="modernbert-tiny-all-global", model_type="modernbert", architecture="ModernBertModel",
         source="global_attn_every_n_layers 1: no sliding layer", config=dict(TINY, global_attn_every_n_layers=1)),
    dict(case_id="modernbert-tiny-layer-types", model_type="modernbert", architecture="ModernBertModel",
         source="explicit layer_types, all sliding",
         config=dict(TINY, layer_types=["sliding_attention"] * 4)),
    dict(case_id="modernbert-tiny-seqcls", model_type="modernbert", architecture="ModernBertForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5, classifier_bias=True)),
    dict(case_id="modernbert-tiny-tokcls", model_type="modernbert", architecture="ModernBertForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="modernbert-tiny-qa", model_type="modernbert", architecture="ModernBertForQuestionAnswering",
         source="question answering", config=dict(TINY)),
    dict(case_id="modernbert-tiny-choice", model_type="modernbert", architecture="ModernBertForMultipleChoice",
         source="multiple choice", config=dict(TINY, num_labels=5)),
]
