"""OpenAI GPT (GPT-1): defaults, openai-community/openai-gpt as published, every head, and every option
the template reads (untied lm_head, attribute_map aliases, multiple-choice summary variants)."""

TINY = dict(vocab_size=128, n_positions=32, n_embd=64, n_layer=2, n_head=4)

CASES = [
    dict(case_id="openai-gpt-defaults", model_type="openai-gpt", config={}, architecture="OpenAIGPTLMHeadModel",
         source="OpenAIGPTConfig() defaults", expected_params=116534784),
    dict(case_id="openai-gpt-published", model_type="openai-gpt", architecture="OpenAIGPTLMHeadModel",
         source="openai-community/openai-gpt config.json", expected_params=116534784,
         config=dict(afn="gelu", attn_pdrop=0.1, embd_pdrop=0.1, initializer_range=0.02, layer_norm_epsilon=1e-05,
                     n_ctx=512, n_embd=768, n_head=12, n_layer=12, n_positions=512, n_special=0,
                     predict_special_tokens=True, resid_pdrop=0.1, summary_activation=None,
                     summary_first_dropout=0.1, summary_proj_to_labels=True, summary_type="cls_index",
                     summary_use_proj=True,
                     task_specific_params={"text-generation": {"do_sample": True, "max_length": 50}},
                     vocab_size=40478)),
    dict(case_id="openai-gpt-tiny-untied", model_type="openai-gpt", architecture="OpenAIGPTLMHeadModel",
         source="tie_word_embeddings false: lm_head stored apart", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="openai-gpt-tiny-aliases", model_type="openai-gpt", architecture="OpenAIGPTLMHeadModel",
         source="attribute_map aliases (hidden_size, num_attention_heads, ...) win over n_embd, n_head, ...",
         config=dict(TINY, hidden_size=48, num_attention_heads=3, num_hidden_layers=3, max_position_embeddings=16)),
    dict(case_id="openai-gpt-tiny-model", model_type="openai-gpt", architecture="OpenAIGPTModel",
         source="base model", config=dict(TINY)),
    dict(case_id="openai-gpt-tiny-doubleheads", model_type="openai-gpt", architecture="OpenAIGPTDoubleHeadsModel",
         source="LM + multiple-choice head (num_labels forced to 1)", config=dict(TINY, num_labels=5)),
    dict(case_id="openai-gpt-tiny-doubleheads-hidden", model_type="openai-gpt",
         architecture="OpenAIGPTDoubleHeadsModel", source="multiple-choice summary projected to n_embd, untied",
         config=dict(TINY, summary_proj_to_labels=False, tie_word_embeddings=False)),
    dict(case_id="openai-gpt-tiny-doubleheads-noproj", model_type="openai-gpt",
         architecture="OpenAIGPTDoubleHeadsModel", source="multiple-choice summary without projection",
         config=dict(TINY, summary_use_proj=False)),
    dict(case_id="openai-gpt-tiny-seqcls", model_type="openai-gpt", architecture="OpenAIGPTForSequenceClassification",
         source="sequence classification", config=dict(TINY, id2label={"0": "a", "1": "b", "2": "c"})),
]
