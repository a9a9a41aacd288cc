"""HuBERT: defaults, hubert-base-ls960 (base model), hubert-large-ls960-ft (CTC) and a SUPERB keyword-spotting
classifier modelled on their config.json, every head (CTC, base model, sequence classification) and every option
the template reads (feat_extract_norm group/layer, conv_bias, conv lists, feat_proj_layer_norm,
conv_pos_batch_norm, do_stable_layer_norm, mask probabilities, use_weighted_layer_sum, classifier_proj_size, the
extra keys adapter_attn_dim and add_adapter/output_hidden_size that HubertConfig keeps, num_labels)."""

TINY = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=48,
            conv_dim=[16, 24, 24], conv_stride=[5, 2, 2], conv_kernel=[10, 3, 2], num_conv_pos_embeddings=16,
            num_conv_pos_embedding_groups=4, classifier_proj_size=20)


def published(**overrides):
    """The keys of facebook/hubert-base-ls960's config.json."""
    config = dict(activation_dropout=0.1, apply_spec_augment=True, attention_dropout=0.1, bos_token_id=1,
                  conv_bias=False, conv_dim=[512, 512, 512, 512, 512, 512, 512], conv_kernel=[10, 3, 3, 3, 3, 2, 2],
                  conv_stride=[5, 2, 2, 2, 2, 2, 2], ctc_loss_reduction="sum", ctc_zero_infinity=False,
                  do_stable_layer_norm=False, eos_token_id=2, feat_extract_activation="gelu",
                  feat_extract_norm="group", feat_proj_dropout=0.1, feat_proj_layer_norm=True, final_dropout=0.1,
                  hidden_act="gelu", hidden_dropout=0.1, hidden_size=768, initializer_range=0.02,
                  intermediate_size=3072, layer_norm_eps=1e-05, layerdrop=0.1, mask_feature_length=10,
                  mask_feature_prob=0.0, mask_time_length=10, mask_time_prob=0.05, num_attention_heads=12,
                  num_conv_pos_embedding_groups=16, num_conv_pos_embeddings=128, num_feat_extract_layers=7,
                  num_hidden_layers=12, pad_token_id=0, vocab_size=32)
    config.update(overrides)
    return config


LARGE = dict(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096,
             feat_extract_norm="layer", do_stable_layer_norm=True, conv_bias=True)

CASES = [
    dict(case_id="hubert-defaults", model_type="hubert", config={}, architecture="HubertForCTC",
         source="HubertConfig() defaults"),
    dict(case_id="hubert-base-ls960", model_type="hubert", architecture="HubertModel",
         source="facebook/hubert-base-ls960 config.json keys (HubertModel)", config=published()),
    dict(case_id="hubert-large-ls960-ft", model_type="hubert", architecture="HubertForCTC",
         source="facebook/hubert-large-ls960-ft config.json keys (CTC, stable layer norm, layer-norm convs)",
         config=published(**LARGE, feat_proj_dropout=0.1)),
    dict(case_id="hubert-large-ll60k", model_type="hubert", architecture="HubertModel",
         source="facebook/hubert-large-ll60k config.json keys", config=published(**LARGE)),
    dict(case_id="hubert-base-superb-ks", model_type="hubert", architecture="HubertForSequenceClassification",
         source="superb/hubert-base-superb-ks config.json keys (12 labels, weighted layer sum)",
         config=published(use_weighted_layer_sum=True, classifier_proj_size=256,
                          id2label={str(i): f"label_{i}" for i in range(12)})),
    dict(case_id="hubert-tiny-ctc", model_type="hubert", architecture="HubertForCTC",
         source="tiny CTC model, vocab 40", config=dict(TINY, vocab_size=40)),
    dict(case_id="hubert-tiny-options", model_type="hubert", architecture="HubertForCTC",
         source="feat_extract_norm layer, conv_bias, no feature-projection LayerNorm, positional conv with"
                " BatchNorm (no weight norm), stable layer norm with attention adapters (adapter_attn_dim)",
         config=dict(TINY, feat_extract_norm="layer", conv_bias=True, feat_proj_layer_norm=False,
                     conv_pos_batch_norm=True, do_stable_layer_norm=True, adapter_attn_dim=8)),
    dict(case_id="hubert-tiny-adapter-attn-post-norm", model_type="hubert", architecture="HubertForCTC",
         source="adapter_attn_dim without stable layer norm: post-norm layers have no attention adapter",
         config=dict(TINY, adapter_attn_dim=8)),
    dict(case_id="hubert-tiny-add-adapter", model_type="hubert", architecture="HubertForCTC",
         source="add_adapter with output_hidden_size: only lm_head's input changes (HubertModel has no adapter)",
         config=dict(TINY, add_adapter=True, output_hidden_size=24)),
    dict(case_id="hubert-tiny-no-mask", model_type="hubert", architecture="HubertModel",
         source="mask_time_prob 0 and mask_feature_prob 0: no masked_spec_embed",
         config=dict(TINY, mask_time_prob=0.0, mask_feature_prob=0.0)),
    dict(case_id="hubert-tiny-feature-mask", model_type="hubert", architecture="HubertModel",
         source="mask_time_prob 0 but mask_feature_prob > 0: masked_spec_embed",
         config=dict(TINY, mask_time_prob=0, mask_feature_prob=0.25)),
    dict(case_id="hubert-tiny-seq-cls", model_type="hubert", architecture="HubertForSequenceClassification",
         source="sequence classification, 3 labels", config=dict(TINY, num_labels=3)),
    dict(case_id="hubert-tiny-seq-cls-weighted", model_type="hubert", architecture="HubertForSequenceClassification",
         source="weighted layer sum", config=dict(TINY, use_weighted_layer_sum=True)),
]
