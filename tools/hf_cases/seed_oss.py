"""Seed-OSS: defaults, Seed-OSS-36B as published, every head, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16)

CASES = [
    dict(case_id="seed_oss-defaults", model_type="seed_oss", config={}, architecture="SeedOssForCausalLM",
         source="SeedOssConfig() defaults"),
    dict(case_id="seed_oss-36b", model_type="seed_oss", architecture="SeedOssForCausalLM",
         source="ByteDance-Seed/Seed-OSS-36B-Instruct config.json (shape keys as recalled, not re-checked against"
                " the hub)",
         config=dict(attention_bias=True, attention_dropout=0.1, attention_out_bias=False, bos_token_id=0,
                     pad_token_id=1, eos_token_id=2, head_dim=128, hidden_act="silu", hidden_size=5120,
                     initializer_range=0.02, intermediate_size=27648, max_position_embeddings=524288, mlp_bias=False,
                     num_attention_heads=80, num_hidden_layers=64, num_key_value_heads=8, residual_dropout=0.1,
                     rms_norm_eps=1e-06, rope_scaling=dict(rope_type="default"), rope_theta=10000000.0,
                     tie_word_embeddings=False, torch_dtype="bfloat16", use_cache=True, vocab_size=155136)),
    dict(case_id="seed_oss-tiny", model_type="seed_oss", architecture="SeedOssForCausalLM", source="tiny",
         config=dict(TINY)),
    dict(case_id="seed_oss-tiny-options", model_type="seed_oss", architecture="SeedOssForCausalLM",
         source="every option flipped: no q/k/v bias, o_proj bias, MLP biases, tied, MQA, head_dim 24",
         config=dict(TINY, attention_bias=False, attention_out_bias=True, mlp_bias=True, tie_word_embeddings=True,
                     num_key_value_heads=1, head_dim=24)),
    dict(case_id="seed_oss-tiny-nulls", model_type="seed_oss", architecture="SeedOssForCausalLM",
         source="head_dim and num_key_value_heads null: hidden_size // heads (64 // 4 = 16) and MHA",
         config=dict(TINY, head_dim=None, num_key_value_heads=None)),
    dict(case_id="seed_oss-tiny-model", model_type="seed_oss", architecture="SeedOssModel",
         source="base model; head_dim left at its default 128", config={k: v for k, v in TINY.items() if k != "head_dim"}),
    dict(case_id="seed_oss-tiny-seqcls", model_type="seed_oss", architecture="SeedOssForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="seed_oss-tiny-tokcls", model_type="seed_oss", architecture="SeedOssForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="seed_oss-tiny-tokcls-nobias", model_type="seed_oss", architecture="SeedOssForTokenClassification",
         source="token classification without score bias", config=dict(TINY, num_labels=4,
                                                                       token_classification_bias=False)),
    dict(case_id="seed_oss-tiny-qa", model_type="seed_oss", architecture="SeedOssForQuestionAnswering",
         source="question answering (base model under `transformer.`)", config=dict(TINY, mlp_bias=True)),
]
