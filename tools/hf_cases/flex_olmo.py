"""FlexOlmo: defaults (FlexOlmo-7x7B-1T), a two-expert model, both heads, and the options the template reads
(attention biases, GQA/MQA, head_dim read from the config, tied embeddings, the num_local_experts alias)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=32, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, num_experts=4, num_experts_per_tok=2, pad_token_id=0, eos_token_id=1)

CASES = [
    dict(case_id="flex_olmo-defaults", model_type="flex_olmo", config={}, architecture="FlexOlmoForCausalLM",
         source="FlexOlmoConfig() defaults: the allenai/FlexOlmo-7x7B-1T layout (33B parameters as its model card says)"),
    dict(case_id="flex_olmo-2x7b", model_type="flex_olmo", architecture="FlexOlmoForCausalLM",
         source="a FlexOlmo-2x7B-1T layout (public expert + one domain expert, both active)",
         config=dict(num_experts=2, num_experts_per_tok=2)),
    dict(case_id="flex_olmo-tiny-options", model_type="flex_olmo", architecture="FlexOlmoForCausalLM",
         source="attention biases, tied embeddings, MQA, top-1 of 3",
         config=dict(TINY, attention_bias=True, tie_word_embeddings=True, num_key_value_heads=1, num_experts=3,
                     num_experts_per_tok=1)),
    dict(case_id="flex_olmo-tiny-head-dim", model_type="flex_olmo", architecture="FlexOlmoForCausalLM",
         source="head_dim 24 in config.json (read by FlexOlmoAttention): q_norm [96], k_norm [48]; kv heads null",
         config=dict(TINY, head_dim=24, num_key_value_heads=None, num_hidden_layers=3)),
    dict(case_id="flex_olmo-tiny-num-local-experts-alias", model_type="flex_olmo",
         architecture="FlexOlmoForCausalLM", source="`num_local_experts` (attribute_map alias of num_experts)",
         config=dict({k: v for k, v in TINY.items() if k != "num_experts"}, num_local_experts=5)),
    dict(case_id="flex_olmo-tiny-model", model_type="flex_olmo", architecture="FlexOlmoModel",
         source="base model", config=dict(TINY)),
]
