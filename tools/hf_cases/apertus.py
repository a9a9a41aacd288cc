"""Apertus: defaults, an Apertus-8B config as published, every head, and the options the template reads
(the activation module's state: xIELU, PReLU or none; attention biases; GQA/MQA; tied embeddings)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2)

CASES = [
    dict(case_id="apertus-defaults", model_type="apertus", config={}, architecture="ApertusForCausalLM",
         source="ApertusConfig() defaults"),
    dict(case_id="apertus-8b", model_type="apertus", architecture="ApertusForCausalLM",
         source="Apertus-8B-2509 architecture: config.json of its fine-tune NewEden-Forge/Science-Expert-R1"
                " (without auto_map; extra keys post_norm, qk_norm, mlp_bias, hidden_dropout as shipped)",
         config=dict(attention_bias=False, attention_dropout=0.0, bos_token_id=1, dtype="bfloat16", eos_token_id=74,
                     hidden_act="xielu", hidden_dropout=0.0, hidden_size=4096, initializer_range=0.02,
                     intermediate_size=21504, max_position_embeddings=65536, mlp_bias=False, num_attention_heads=32,
                     num_hidden_layers=32, num_key_value_heads=8, pad_token_id=3, post_norm=False, qk_norm=True,
                     rms_norm_eps=1e-05,
                     rope_scaling=dict(factor=8.0, high_freq_factor=4.0, low_freq_factor=1.0,
                                       original_max_position_embeddings=8192, rope_type="llama3", type="llama3"),
                     rope_theta=12000000, tie_word_embeddings=False, use_cache=False, vocab_size=131072)),
    dict(case_id="apertus-tiny-options", model_type="apertus", architecture="ApertusForCausalLM",
         source="attention biases on q/k/v/o, tied embeddings, MHA (kv heads null), silu: no activation state",
         config=dict(TINY, num_key_value_heads=None, attention_bias=True, tie_word_embeddings=True,
                     hidden_act="silu")),
    dict(case_id="apertus-tiny-prelu", model_type="apertus", architecture="ApertusForCausalLM",
         source="hidden_act prelu: the MLP's act_fn holds a weight [1]; MQA, 3 layers",
         config=dict(TINY, hidden_act="prelu", num_key_value_heads=1, num_hidden_layers=3)),
    dict(case_id="apertus-tiny-model", model_type="apertus", architecture="ApertusModel",
         source="base model", config=dict(TINY)),
    dict(case_id="apertus-tiny-tokcls", model_type="apertus", architecture="ApertusForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="apertus-tiny-tokcls-nobias", model_type="apertus", architecture="ApertusForTokenClassification",
         source="token classification without score bias",
         config=dict(TINY, num_labels=4, token_classification_bias=False)),
]
