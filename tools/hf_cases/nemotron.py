"""Nemotron: defaults, Minitron-4B-Base as published, every head, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2)

CASES = [
    dict(case_id="nemotron-defaults", model_type="nemotron", architecture="NemotronForCausalLM",
         source="NemotronConfig() defaults; its default num_key_value_heads null makes NemotronAttention fail "
                "(num_heads // None), so MHA (48) is given",
         config=dict(num_key_value_heads=48)),
    dict(case_id="nemotron-minitron-4b-base", model_type="nemotron", architecture="NemotronForCausalLM",
         source="nvidia/Minitron-4B-Base config.json",
         config=dict(bos_token_id=2, eos_token_id=3, head_dim=128, hidden_act="relu2", hidden_size=3072,
                     initializer_range=0.0134, intermediate_size=9216, max_position_embeddings=4096,
                     norm_eps=1e-05, num_attention_heads=24, num_hidden_layers=32, num_key_value_heads=8,
                     partial_rotary_factor=0.5, rope_theta=10000, tie_word_embeddings=False,
                     torch_dtype="bfloat16", vocab_size=256000)),
    dict(case_id="nemotron-tiny-options", model_type="nemotron", architecture="NemotronForCausalLM",
         source="every option flipped: head_dim, biases, tied embeddings, partial_rotary_factor 0.75",
         config=dict(TINY, head_dim=24, attention_bias=True, mlp_bias=True, tie_word_embeddings=True,
                     partial_rotary_factor=0.75)),
    dict(case_id="nemotron-tiny-rope-parameters", model_type="nemotron", architecture="NemotronForCausalLM",
         source="partial_rotary_factor inside rope_parameters (transformers 5 layout), full rotation",
         config=dict(TINY, rope_parameters=dict(rope_type="default", rope_theta=10000.0, partial_rotary_factor=1.0))),
    dict(case_id="nemotron-tiny-mqa", model_type="nemotron", architecture="NemotronForCausalLM",
         source="MQA", config=dict(TINY, num_key_value_heads=1)),
    dict(case_id="nemotron-tiny-model", model_type="nemotron", architecture="NemotronModel", source="base model",
         config=dict(TINY)),
    dict(case_id="nemotron-tiny-seqcls", model_type="nemotron", architecture="NemotronForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="nemotron-tiny-tokcls", model_type="nemotron", architecture="NemotronForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="nemotron-tiny-tokcls-nobias", model_type="nemotron", architecture="NemotronForTokenClassification",
         source="token classification, token_classification_bias false",
         config=dict(TINY, num_labels=4, token_classification_bias=False)),
    dict(case_id="nemotron-tiny-qa", model_type="nemotron", architecture="NemotronForQuestionAnswering",
         source="extractive question answering (base model under `transformer.`)", config=dict(TINY)),
]
