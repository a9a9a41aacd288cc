"""OPT: defaults (OPT-125m), OPT-125m and OPT-350m as published, every head, and every option the
template reads (word_embed_proj_dim, pre/post LayerNorm, final LayerNorm removal, biases,
affine LayerNorms, ties)."""

TINY = dict(vocab_size=128, hidden_size=64, ffn_dim=96, num_hidden_layers=2, num_attention_heads=4,
            max_position_embeddings=32, pad_token_id=1, bos_token_id=2, eos_token_id=2)

COMMON = dict(activation_dropout=0.0, activation_function="relu", attention_dropout=0.0, bos_token_id=2,
              dropout=0.1, eos_token_id=2, init_std=0.02, layerdrop=0.0, max_position_embeddings=2048,
              pad_token_id=1, prefix="</s>", torch_dtype="float16", use_cache=True, vocab_size=50272)

CASES = [
    dict(case_id="opt-defaults", model_type="opt", config={}, architecture="OPTForCausalLM",
         source="OPTConfig() defaults (opt-125m)", expected_params=125239296),
    dict(case_id="opt-125m", model_type="opt", architecture="OPTForCausalLM",
         source="facebook/opt-125m config.json", expected_params=125239296,
         config=dict(COMMON, _name_or_path="facebook/opt-125m", _remove_final_layer_norm=False,
                     do_layer_norm_before=True, ffn_dim=3072, hidden_size=768, num_attention_heads=12,
                     num_hidden_layers=12, word_embed_proj_dim=768)),
    dict(case_id="opt-350m", model_type="opt", architecture="OPTForCausalLM",
         source="facebook/opt-350m config.json", expected_params=331196416,
         config=dict(COMMON, _name_or_path="facebook/opt-350m", do_layer_norm_before=False, ffn_dim=4096,
                     hidden_size=1024, num_attention_heads=16, num_hidden_layers=24, word_embed_proj_dim=512)),
    dict(case_id="opt-tiny-options", model_type="opt", architecture="OPTForCausalLM",
         source="projected embeddings, no biases, LayerNorms without affine, untied lm_head",
         config=dict(TINY, word_embed_proj_dim=48, enable_bias=False, layer_norm_elementwise_affine=False,
                     tie_word_embeddings=False)),
    dict(case_id="opt-tiny-remove-final-ln", model_type="opt", architecture="OPTForCausalLM",
         source="_remove_final_layer_norm (checkpoints before transformers 4.20.1)",
         config=dict(TINY, _remove_final_layer_norm=True)),
    dict(case_id="opt-tiny-post-ln", model_type="opt", architecture="OPTForCausalLM",
         source="post-LayerNorm (do_layer_norm_before false): no final LayerNorm",
         config=dict(TINY, do_layer_norm_before=False)),
    dict(case_id="opt-tiny-model", model_type="opt", architecture="OPTModel", source="base model",
         config=dict(TINY, word_embed_proj_dim=32)),
    dict(case_id="opt-tiny-seqcls", model_type="opt", architecture="OPTForSequenceClassification",
         source="sequence classification on projected embeddings",
         config=dict(TINY, word_embed_proj_dim=32, id2label={"0": "neg", "1": "neu", "2": "pos"})),
    dict(case_id="opt-tiny-qa", model_type="opt", architecture="OPTForQuestionAnswering",
         source="extractive question answering", config=dict(TINY, word_embed_proj_dim=32)),
]
