"""Hunyuan dense (v1): defaults (with head_dim, which transformers needs), Hunyuan-0.5B and -7B as published
(NTK-alpha rope), every head, and every option the template reads. HunYuanDenseV1Config() alone has head_dim
None, with which transformers 5.24 cannot build the model, so the defaults case sets head_dim = 4096 // 32."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16)

ROPE = dict(alpha=1000.0, beta_fast=32, beta_slow=1, factor=1.0, mscale=1.0, mscale_all_dim=1.0, type="dynamic")

CASES = [
    dict(case_id="hunyuan_v1_dense-defaults", model_type="hunyuan_v1_dense", config=dict(head_dim=128),
         architecture="HunYuanDenseV1ForCausalLM",
         source="HunYuanDenseV1Config() defaults with head_dim 128 (the default None cannot be built)"),
    dict(case_id="hunyuan_v1_dense-0.5b", model_type="hunyuan_v1_dense", architecture="HunYuanDenseV1ForCausalLM",
         source="tencent/Hunyuan-0.5B-Instruct config.json (shape keys as recalled, not re-checked against the hub)",
         config=dict(attention_bias=False, attention_dropout=0.0, bos_token_id=1, eos_token_id=127960, head_dim=128,
                     hidden_act="silu", hidden_size=1024, initializer_range=0.02, intermediate_size=3584,
                     max_position_embeddings=32768, mlp_bias=False, num_attention_heads=16, num_hidden_layers=24,
                     num_key_value_heads=8, pad_token_id=127961, rms_norm_eps=1e-05, rope_scaling=ROPE,
                     rope_theta=10000.0, tie_word_embeddings=True, torch_dtype="bfloat16", use_cache=True,
                     use_qk_norm=True, vocab_size=128167)),
    dict(case_id="hunyuan_v1_dense-7b", model_type="hunyuan_v1_dense", architecture="HunYuanDenseV1ForCausalLM",
         source="tencent/Hunyuan-7B-Instruct config.json (shape keys as recalled, not re-checked against the hub)",
         config=dict(attention_bias=False, attention_dropout=0.0, bos_token_id=1, eos_token_id=127960, head_dim=128,
                     hidden_act="silu", hidden_size=4096, initializer_range=0.02, intermediate_size=14336,
                     max_position_embeddings=32768, mlp_bias=False, num_attention_heads=32, num_hidden_layers=32,
                     num_key_value_heads=8, pad_token_id=127961, rms_norm_eps=1e-05, rope_scaling=ROPE,
                     rope_theta=10000.0, tie_word_embeddings=False, torch_dtype="bfloat16", use_cache=True,
                     use_qk_norm=True, vocab_size=128167)),
    dict(case_id="hunyuan_v1_dense-tiny", model_type="hunyuan_v1_dense", architecture="HunYuanDenseV1ForCausalLM",
         source="tiny", config=dict(TINY)),
    dict(case_id="hunyuan_v1_dense-tiny-options", model_type="hunyuan_v1_dense",
         architecture="HunYuanDenseV1ForCausalLM",
         source="every option flipped: attention biases, tied, MQA, head_dim 24",
         config=dict(TINY, attention_bias=True, tie_word_embeddings=True, num_key_value_heads=1, head_dim=24)),
    dict(case_id="hunyuan_v1_dense-tiny-mha", model_type="hunyuan_v1_dense", architecture="HunYuanDenseV1ForCausalLM",
         source="num_key_value_heads null: MHA", config=dict(TINY, num_key_value_heads=None)),
    dict(case_id="hunyuan_v1_dense-tiny-model", model_type="hunyuan_v1_dense", architecture="HunYuanDenseV1Model",
         source="base model", config=dict(TINY)),
    dict(case_id="hunyuan_v1_dense-tiny-seqcls", model_type="hunyuan_v1_dense",
         architecture="HunYuanDenseV1ForSequenceClassification", source="sequence classification",
         config=dict(TINY, num_labels=5)),
]
