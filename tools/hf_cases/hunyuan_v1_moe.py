"""Hunyuan MoE (v1): defaults (with head_dim, which transformers needs), a Hunyuan-A13B layout, every head, and
the options the template reads (moe_topk per layer, the num_experts_per_tok / num_local_experts aliases,
attention biases, tied embeddings, GQA/MQA). HunYuanMoEV1Config() alone has head_dim None, with which
transformers 5.24 cannot build the model, so the defaults case sets head_dim = 4096 // 32."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=32, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16, num_experts=4, moe_topk=2)

CASES = [
    dict(case_id="hunyuan_v1_moe-defaults", model_type="hunyuan_v1_moe", config=dict(head_dim=128),
         architecture="HunYuanMoEV1ForCausalLM",
         source="HunYuanMoEV1Config() defaults with head_dim 128 (the default None cannot be built)"),
    dict(case_id="hunyuan_v1_moe-a13b", model_type="hunyuan_v1_moe", architecture="HunYuanMoEV1ForCausalLM",
         source="the tencent/Hunyuan-A13B-Instruct layout (shape keys as recalled; 80B total and 13B active as its"
                " model card says), with moe_topk one per layer as it ships",
         config=dict(attention_bias=False, bos_token_id=1, eos_token_id=127960, head_dim=128, hidden_act="silu",
                     hidden_size=4096, intermediate_size=3072, max_position_embeddings=32768, num_attention_heads=32,
                     num_hidden_layers=32, num_key_value_heads=8, num_experts=64, moe_topk=[8] * 32,
                     pad_token_id=127961, rms_norm_eps=1e-05, rope_theta=10000.0, tie_word_embeddings=True,
                     vocab_size=128167, torch_dtype="bfloat16")),
    dict(case_id="hunyuan_v1_moe-tiny", model_type="hunyuan_v1_moe", architecture="HunYuanMoEV1ForCausalLM",
         source="two layers, top-2 of 4", config=dict(TINY)),
    dict(case_id="hunyuan_v1_moe-tiny-options", model_type="hunyuan_v1_moe", architecture="HunYuanMoEV1ForCausalLM",
         source="attention biases, tied embeddings, MQA, top-1 of 3", config=dict(
             TINY, attention_bias=True, tie_word_embeddings=True, num_key_value_heads=1, num_experts=3, moe_topk=1)),
    dict(case_id="hunyuan_v1_moe-tiny-topk-list", model_type="hunyuan_v1_moe", architecture="HunYuanMoEV1ForCausalLM",
         source="moe_topk per layer [1, 3, 2]", config=dict(TINY, num_hidden_layers=3, moe_topk=[1, 3, 2])),
    dict(case_id="hunyuan_v1_moe-tiny-aliases", model_type="hunyuan_v1_moe", architecture="HunYuanMoEV1ForCausalLM",
         source="num_local_experts and num_experts_per_tok (attribute_map aliases)",
         config=dict({k: v for k, v in TINY.items() if k not in ("num_experts", "moe_topk")}, num_local_experts=6,
                     num_experts_per_tok=3)),
    dict(case_id="hunyuan_v1_moe-tiny-model", model_type="hunyuan_v1_moe", architecture="HunYuanMoEV1Model",
         source="base model", config=dict(TINY)),
    dict(case_id="hunyuan_v1_moe-tiny-seqcls", model_type="hunyuan_v1_moe",
         architecture="HunYuanMoEV1ForSequenceClassification", source="sequence classification",
         config=dict(TINY, num_labels=5)),
]
