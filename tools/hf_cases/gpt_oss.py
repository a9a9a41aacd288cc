"""gpt-oss: defaults (the 120b shape), gpt-oss-20b and gpt-oss-120b as published, every head and option."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=48, num_hidden_layers=3, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16, num_local_experts=4, num_experts_per_tok=2, sliding_window=8)

ROPE = dict(beta_fast=32.0, beta_slow=1.0, factor=32.0, original_max_position_embeddings=4096, rope_type="yarn",
            truncate=False)


def alternating(n):
    return ["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(n)]


CASES = [
    dict(case_id="gpt_oss-defaults", model_type="gpt_oss", config={}, architecture="GptOssForCausalLM",
         source="GptOssConfig() defaults", expected_params=116829156672),
    dict(case_id="gpt_oss-20b", model_type="gpt_oss", architecture="GptOssForCausalLM",
         source="openai/gpt-oss-20b config.json (quantization_config left out: the meta build is unquantised)",
         expected_params=20914757184,
         config=dict(attention_bias=True, attention_dropout=0.0, eos_token_id=200002, experts_per_token=4,
                     head_dim=64, hidden_act="silu", hidden_size=2880, initial_context_length=4096,
                     initializer_range=0.02, intermediate_size=2880, layer_types=alternating(24),
                     max_position_embeddings=131072, num_attention_heads=64, num_experts_per_tok=4,
                     num_hidden_layers=24, num_key_value_heads=8, num_local_experts=32, output_router_logits=False,
                     pad_token_id=199999, rms_norm_eps=1e-05, rope_scaling=ROPE, rope_theta=150000,
                     router_aux_loss_coef=0.9, sliding_window=128, swiglu_limit=7.0, tie_word_embeddings=False,
                     use_cache=True, vocab_size=201088)),
    dict(case_id="gpt_oss-120b", model_type="gpt_oss", architecture="GptOssForCausalLM",
         source="openai/gpt-oss-120b config.json (quantization_config left out: the meta build is unquantised)",
         expected_params=116829156672,
         config=dict(attention_bias=True, attention_dropout=0.0, eos_token_id=200002, experts_per_token=4,
                     head_dim=64, hidden_act="silu", hidden_size=2880, initial_context_length=4096,
                     initializer_range=0.02, intermediate_size=2880, layer_types=alternating(36),
                     max_position_embeddings=131072, num_attention_heads=64, num_experts_per_tok=4,
                     num_hidden_layers=36, num_key_value_heads=8, num_local_experts=128, output_router_logits=False,
                     pad_token_id=199999, rms_norm_eps=1e-05, rope_scaling=ROPE, rope_theta=150000,
                     router_aux_loss_coef=0.9, sliding_window=128, swiglu_limit=7.0, tie_word_embeddings=False,
                     use_cache=True, vocab_size=201088)),
    dict(case_id="gpt_oss-tiny-options", model_type="gpt_oss", architecture="GptOssForCausalLM",
         source="every option flipped: no attention biases, tied embeddings, head_dim 24, MQA, top-1 of 3",
         config=dict(TINY, attention_bias=False, tie_word_embeddings=True, head_dim=24, num_key_value_heads=1,
                     num_local_experts=3, num_experts_per_tok=1)),
    dict(case_id="gpt_oss-tiny-layer-types", model_type="gpt_oss", architecture="GptOssForCausalLM",
         source="the config's own layer_types: only layer 1 slides",
         config=dict(TINY, layer_types=["full_attention", "sliding_attention", "full_attention"])),
    dict(case_id="gpt_oss-tiny-no-window", model_type="gpt_oss", architecture="GptOssForCausalLM",
         source="sliding_window null: full attention everywhere (transformers' own forward then fails: no KV figure)", config=dict(TINY, sliding_window=None)),
    dict(case_id="gpt_oss-tiny-num-experts-alias", model_type="gpt_oss", architecture="GptOssForCausalLM",
         source="`num_experts` (attribute_map alias of num_local_experts)",
         config=dict({k: v for k, v in TINY.items() if k != "num_local_experts"}, num_experts=6)),
    dict(case_id="gpt_oss-tiny-model", model_type="gpt_oss", architecture="GptOssModel", source="base model",
         config=dict(TINY)),
    dict(case_id="gpt_oss-tiny-seqcls", model_type="gpt_oss", architecture="GptOssForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="gpt_oss-tiny-tokcls", model_type="gpt_oss", architecture="GptOssForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="gpt_oss-tiny-tokcls-nobias", model_type="gpt_oss", architecture="GptOssForTokenClassification",
         source="token classification, token_classification_bias false",
         config=dict(TINY, num_labels=4, token_classification_bias=False)),
]
