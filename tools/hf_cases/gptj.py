"""GPT-J: defaults (GPT-J-6B), GPT-J-6B as published, every head, and every option the template reads."""

TINY = dict(vocab_size=128, n_positions=32, n_embd=64, n_layer=2, n_head=4, rotary_dim=8,
            bos_token_id=0, eos_token_id=0)

CASES = [
    dict(case_id="gptj-defaults", model_type="gptj", config={}, architecture="GPTJForCausalLM",
         source="GPTJConfig() defaults (gpt-j-6b)", expected_params=6050882784),
    dict(case_id="gptj-6b", model_type="gptj", architecture="GPTJForCausalLM",
         source="EleutherAI/gpt-j-6b config.json", expected_params=6050882784,
         config=dict(activation_function="gelu_new", attn_pdrop=0.0, bos_token_id=50256, embd_pdrop=0.0,
                     eos_token_id=50256, gradient_checkpointing=False, initializer_range=0.02,
                     layer_norm_epsilon=1e-05, n_embd=4096, n_head=16, n_inner=None, n_layer=28, n_positions=2048,
                     resid_pdrop=0.0, rotary=True, rotary_dim=64, summary_activation=None,
                     summary_first_dropout=0.1, summary_proj_to_labels=True, summary_type="cls_index",
                     summary_use_proj=True, tie_word_embeddings=False, tokenizer_class="GPT2Tokenizer",
                     use_cache=True, vocab_size=50400)),
    dict(case_id="gptj-tiny-options", model_type="gptj", architecture="GPTJForCausalLM",
         source="n_inner, tied lm_head (its bias stays), odd rotary_dim",
         config=dict(TINY, n_inner=96, tie_word_embeddings=True, rotary_dim=7)),
    dict(case_id="gptj-tiny-rotary-all", model_type="gptj", architecture="GPTJForCausalLM",
         source="rotary_dim 0: the table covers all of n_embd", config=dict(TINY, rotary_dim=0)),
    dict(case_id="gptj-tiny-aliases", model_type="gptj", architecture="GPTJForCausalLM",
         source="attribute_map aliases (hidden_size, num_attention_heads, ...) win over n_embd, n_head, ...",
         config=dict(TINY, hidden_size=48, num_attention_heads=3, num_hidden_layers=3, max_position_embeddings=16)),
    dict(case_id="gptj-tiny-model", model_type="gptj", architecture="GPTJModel", source="base model",
         config=dict(TINY)),
    dict(case_id="gptj-tiny-seqcls", model_type="gptj", architecture="GPTJForSequenceClassification",
         source="sequence classification", config=dict(TINY, id2label={"0": "neg", "1": "neu", "2": "pos"})),
    dict(case_id="gptj-tiny-qa", model_type="gptj", architecture="GPTJForQuestionAnswering",
         source="extractive question answering", config=dict(TINY)),
]
