"""GPT-2: defaults, gpt2 and gpt2-xl as published, every head, and every option the template reads."""

TINY = dict(vocab_size=128, n_positions=32, n_embd=64, n_layer=2, n_head=4)

GPT2_SMALL = dict(  # openai-community/gpt2 config.json
    activation_function="gelu_new", attn_pdrop=0.1, bos_token_id=50256, embd_pdrop=0.1, eos_token_id=50256,
    initializer_range=0.02, layer_norm_epsilon=1e-05, n_ctx=1024, n_embd=768, n_head=12, n_layer=12,
    n_positions=1024, resid_pdrop=0.1, summary_activation=None, summary_first_dropout=0.1,
    summary_proj_to_labels=True, summary_type="cls_index", summary_use_proj=True,
    task_specific_params={"text-generation": {"do_sample": True, "max_length": 50}}, vocab_size=50257)

CASES = [
    dict(case_id="gpt2-defaults", model_type="gpt2", config={}, architecture="GPT2LMHeadModel",
         source="GPT2Config() defaults", expected_params=124439808),
    dict(case_id="gpt2-small", model_type="gpt2", architecture="GPT2LMHeadModel",
         source="openai-community/gpt2 config.json", expected_params=124439808, config=GPT2_SMALL),
    dict(case_id="gpt2-xl", model_type="gpt2", architecture="GPT2LMHeadModel",
         source="openai-community/gpt2-xl config.json", expected_params=1557611200,
         config=dict(activation_function="gelu_new", attn_pdrop=0.1, bos_token_id=50256, embd_pdrop=0.1,
                     eos_token_id=50256, initializer_range=0.02, layer_norm_epsilon=1e-05, n_ctx=1024,
                     n_embd=1600, n_head=25, n_layer=48, n_positions=1024, output_past=True, resid_pdrop=0.1,
                     summary_activation=None, summary_first_dropout=0.1, summary_proj_to_labels=True,
                     summary_type="cls_index", summary_use_proj=True, vocab_size=50257)),
    dict(case_id="gpt2-tiny-options", model_type="gpt2", architecture="GPT2LMHeadModel",
         source="n_inner, cross-attention, untied lm_head",
         config=dict(TINY, n_inner=96, add_cross_attention=True, tie_word_embeddings=False)),
    dict(case_id="gpt2-tiny-aliases", model_type="gpt2", architecture="GPT2LMHeadModel",
         source="attribute_map aliases (hidden_size, num_attention_heads, ...) win over n_embd, n_head, ...",
         config=dict(TINY, hidden_size=48, num_attention_heads=3, num_hidden_layers=3, max_position_embeddings=16)),
    dict(case_id="gpt2-tiny-model", model_type="gpt2", architecture="GPT2Model", source="base model",
         config=dict(TINY)),
    dict(case_id="gpt2-tiny-doubleheads", model_type="gpt2", architecture="GPT2DoubleHeadsModel",
         source="LM + multiple-choice head (num_labels forced to 1)", config=dict(TINY, num_labels=5)),
    dict(case_id="gpt2-tiny-doubleheads-hidden", model_type="gpt2", architecture="GPT2DoubleHeadsModel",
         source="multiple-choice summary projected to n_embd, untied",
         config=dict(TINY, summary_proj_to_labels=False, tie_word_embeddings=False)),
    dict(case_id="gpt2-tiny-doubleheads-noproj", model_type="gpt2", architecture="GPT2DoubleHeadsModel",
         source="multiple-choice summary without projection", config=dict(TINY, summary_use_proj=False)),
    dict(case_id="gpt2-tiny-seqcls", model_type="gpt2", architecture="GPT2ForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="gpt2-tiny-tokcls", model_type="gpt2", architecture="GPT2ForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="gpt2-tiny-qa", model_type="gpt2", architecture="GPT2ForQuestionAnswering",
         source="extractive question answering", config=dict(TINY)),
    dict(case_id="gpt2-tiny-prelu", model_type="gpt2", architecture="GPT2LMHeadModel",
         source="activation_function prelu: ACT2FN's nn.PReLU keeps a weight in every MLP (fuzz_hf found it)",
         config=dict(TINY, activation_function="prelu")),
]
