"""BLOOM: defaults (a tiny 2-layer config), BLOOM-560m and BLOOM-176B as published (the latter
with the legacy n_embed / num_attention_heads keys), every head, ties and aliases."""

TINY = dict(vocab_size=128, hidden_size=64, n_layer=2, n_head=4)

COMMON = dict(apply_residual_connection_post_layernorm=False, attention_dropout=0.0, attention_softmax_in_fp32=True,
              bos_token_id=1, eos_token_id=2, hidden_dropout=0.0, initializer_range=0.02, layer_norm_epsilon=1e-05,
              masked_softmax_fusion=True, pad_token_id=3, slow_but_exact=False, use_cache=True, vocab_size=250880)

CASES = [
    dict(case_id="bloom-defaults", model_type="bloom", config={}, architecture="BloomForCausalLM",
         source="BloomConfig() defaults"),
    dict(case_id="bloom-560m", model_type="bloom", architecture="BloomForCausalLM",
         source="bigscience/bloom-560m config.json", expected_params=559214592,
         config=dict(COMMON, _name_or_path="bigscience/bloom-560m", bias_dropout_fusion=True, hidden_size=1024,
                     n_head=16, n_inner=None, n_layer=24, offset_alibi=100, pretraining_tp=1, skip_bias_add=True,
                     skip_bias_add_qkv=False, unk_token_id=0)),
    dict(case_id="bloom-176b", model_type="bloom", architecture="BloomForCausalLM",
         source="bigscience/bloom config.json (n_embed, num_attention_heads)", expected_params=176247271424,
         config=dict(COMMON, n_embed=14336, n_layer=70, num_attention_heads=112, pretraining_tp=4)),
    dict(case_id="bloom-tiny-options", model_type="bloom", architecture="BloomForCausalLM",
         source="untied lm_head", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="bloom-tiny-aliases", model_type="bloom", architecture="BloomForCausalLM",
         source="n_embed wins over hidden_size; num_attention_heads / num_hidden_layers over n_head / n_layer",
         config=dict(TINY, n_embed=48, num_attention_heads=3, num_hidden_layers=3)),
    dict(case_id="bloom-tiny-model", model_type="bloom", architecture="BloomModel", source="base model",
         config=dict(TINY)),
    dict(case_id="bloom-tiny-seqcls", model_type="bloom", architecture="BloomForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="bloom-tiny-tokcls", model_type="bloom", architecture="BloomForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="bloom-tiny-qa", model_type="bloom", architecture="BloomForQuestionAnswering",
         source="extractive question answering", config=dict(TINY)),
]
