"""MPT: defaults, mpt-7b and mpt-30b as published, every head, and every option the template reads
(plus the keys transformers ignores: expansion_ratio, no_bias, learned_pos_emb, attn_config)."""

TINY = dict(vocab_size=128, d_model=64, n_heads=4, n_layers=2, max_seq_len=32)

MPT_7B = dict(  # mosaicml/mpt-7b config.json
    architectures=["MPTForCausalLM"],
    attn_config=dict(alibi=True, alibi_bias_max=8, attn_impl="torch", attn_pdrop=0, attn_type="multihead_attention",
                     attn_uses_sequence_id=False, clip_qkv=None, prefix_lm=False, qk_ln=False, softmax_scale=None),
    d_model=4096, emb_pdrop=0, embedding_fraction=1.0, expansion_ratio=4, init_device="cpu",
    init_config=dict(emb_init_std=None, emb_init_uniform_lim=None, fan_mode="fan_in", init_div_is_residual=True,
                     init_gain=0, init_nonlinearity="relu", init_std=0.02, name="kaiming_normal_", verbose=0),
    learned_pos_emb=True, logit_scale=None, max_seq_len=2048, model_type="mpt", n_heads=32, n_layers=32,
    no_bias=True, norm_type="low_precision_layernorm", resid_pdrop=0, tokenizer_name="EleutherAI/gpt-neox-20b",
    torch_dtype="bfloat16", use_cache=False, verbose=0, vocab_size=50432)
del MPT_7B["architectures"], MPT_7B["model_type"], MPT_7B["init_config"]

MPT_30B = dict(MPT_7B, d_model=7168, n_heads=64, n_layers=48, max_seq_len=8192,
               attn_config=dict(MPT_7B["attn_config"], alibi=True, attn_impl="torch", clip_qkv=None))

CASES = [
    dict(case_id="mpt-defaults", model_type="mpt", config={}, architecture="MptForCausalLM",
         source="MptConfig() defaults"),
    dict(case_id="mpt-7b", model_type="mpt", architecture="MptForCausalLM",
         source="mosaicml/mpt-7b config.json (its remote-code MPTForCausalLM as transformers' MptForCausalLM; init_config dropped)",
         expected_params=6649286656, config=MPT_7B),
    dict(case_id="mpt-30b", model_type="mpt", architecture="MptForCausalLM",
         source="mosaicml/mpt-30b dimensions (d_model, n_heads, n_layers, max_seq_len) over mpt-7b's other keys", config=MPT_30B),
    dict(case_id="mpt-tiny-untied", model_type="mpt", architecture="MptForCausalLM",
         source="untied lm_head", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="mpt-tiny-ignored-options", model_type="mpt", architecture="MptForCausalLM",
         source="expansion_ratio, no_bias, learned_pos_emb, attn_type, qk_ln: not read by transformers",
         config=dict(TINY, expansion_ratio=2, no_bias=False, learned_pos_emb=False,
                     attn_config=dict(attn_type="multiquery_attention", qk_ln=True, clip_qkv=8.0))),
    dict(case_id="mpt-tiny-aliases", model_type="mpt", architecture="MptForCausalLM",
         source="attribute_map aliases (hidden_size, num_attention_heads, num_hidden_layers) win over d_model, ...",
         config=dict(TINY, hidden_size=48, num_attention_heads=3, num_hidden_layers=3)),
    dict(case_id="mpt-tiny-model", model_type="mpt", architecture="MptModel", source="base model",
         config=dict(TINY)),
    dict(case_id="mpt-tiny-seqcls", model_type="mpt", architecture="MptForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="mpt-tiny-tokcls", model_type="mpt", architecture="MptForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="mpt-tiny-qa", model_type="mpt", architecture="MptForQuestionAnswering",
         source="extractive question answering", config=dict(TINY)),
]
