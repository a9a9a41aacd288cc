"""Ministral: MinistralConfig defaults (with head_dim, see below), Ministral-8B-Instruct-2410 as published, every
head, every option (layer_types, null sliding window, ties, head_dim, kv heads).

transformers 5.24 cannot build MinistralConfig() as it is: MinistralAttention reads
getattr(config, "head_dim", ...) which finds head_dim=None and fails, so the defaults case sets head_dim to the
intended hidden_size // num_attention_heads (128)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16, sliding_window=8)

CASES = [
    dict(case_id="ministral-defaults", model_type="ministral", config=dict(head_dim=128),
         architecture="MinistralForCausalLM", source="MinistralConfig() defaults plus head_dim 128"),
    dict(case_id="ministral-8b-instruct-2410", model_type="ministral", architecture="MinistralForCausalLM",
         source="mistralai/Ministral-8B-Instruct-2410 config.json (published with model_type mistral)",
         expected_params=8019808256,
         config=dict(attention_dropout=0.0, bos_token_id=1, eos_token_id=2, head_dim=128, hidden_act="silu",
                     hidden_size=4096, initializer_range=0.02, intermediate_size=12288,
                     max_position_embeddings=32768, num_attention_heads=32, num_hidden_layers=36,
                     num_key_value_heads=8, rms_norm_eps=1e-05, rope_theta=100000000.0, sliding_window=32768,
                     tie_word_embeddings=False, torch_dtype="bfloat16", use_cache=True, vocab_size=131072)),
    dict(case_id="ministral-tiny-options", model_type="ministral", architecture="MinistralForCausalLM",
         source="tied embeddings, head_dim 24, MHA, layer_types full/sliding/full",
         config=dict(TINY, num_hidden_layers=3, num_key_value_heads=4, head_dim=24, tie_word_embeddings=True,
                     layer_types=["full_attention", "sliding_attention", "full_attention"])),
    dict(case_id="ministral-tiny-no-window", model_type="ministral", architecture="MinistralForCausalLM",
         source="sliding_window null (all layers full), MQA",
         config=dict(TINY, sliding_window=None, num_key_value_heads=1)),
    dict(case_id="ministral-tiny-types-no-window", model_type="ministral", architecture="MinistralForCausalLM",
         source="layer_types says sliding but sliding_window null: every layer attends to all",
         config=dict(TINY, sliding_window=None,
                     layer_types=["sliding_attention", "full_attention"])),
    dict(case_id="ministral-tiny-model", model_type="ministral", architecture="MinistralModel", source="base model",
         config=dict(TINY)),
    dict(case_id="ministral-tiny-seqcls", model_type="ministral", architecture="MinistralForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="ministral-tiny-tokcls", model_type="ministral", architecture="MinistralForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="ministral-tiny-tokcls-nobias", model_type="ministral",
         architecture="MinistralForTokenClassification", source="token classification without score bias",
         config=dict(TINY, num_labels=4, token_classification_bias=False)),
    dict(case_id="ministral-tiny-qa", model_type="ministral", architecture="MinistralForQuestionAnswering",
         source="question answering", config=dict(TINY, tie_word_embeddings=True)),
]
